"""ecom_demo_cn: time to generate the demo business, and its orders per second
through the real intake (``ecom.channel.import_orders``).

1. ``ecom.demo.generator.generate(size)`` in-process (size ``full``: ~200 SKUs,
   ~3,300 orders over 90 days, receipts, shipping, planning), timed as a
   whole and per phase; rolled back afterwards (the bench database stays as
   it was for the other benchmarks).
2. Its order intake, ms per order in batches of 250 (set-based), versus the
   same kind of orders sent one per call (the order-by-order core path),
   measured on ECOM_BENCH_DEMO_SINGLES orders (default 100) in the same run.

Knobs: ECOM_BENCH_DEMO_SIZE (full | small, default full),
ECOM_BENCH_DEMO_SINGLES.
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import Timer, odoo_env, progress, report  # noqa: E402

SIZE = os.environ.get("ECOM_BENCH_DEMO_SIZE", "full")
SINGLES = int(os.environ.get("ECOM_BENCH_DEMO_SINGLES", "100"))


def main():
    from odoo.addons.ecom_demo_cn.services import story

    with odoo_env() as env:
        if "ecom.demo.generator" not in env:
            print("bench_demo: ecom_demo_cn is not installed, skipped")
            return
        try:
            progress("generating the demo business (%s)" % SIZE)
            with Timer() as whole:
                stats = env["ecom.demo.generator"].generate(SIZE)
            progress("phases: %s" % stats)
            # the same kind of orders, one per call (not set-based)
            today = datetime.date.today()
            by_channel = story.orders(SIZE, today)
            sample = [p for p in by_channel["TMALL"] if p["_day"] < today][:SINGLES]
            Channel = env["ecom.channel"]
            with Timer() as single:
                for payload in sample:
                    clean = {k: v for k, v in payload.items() if k != "_day"}
                    clean["external_ref"] += "-ONE"
                    [row] = Channel.import_orders("TMALL", [clean])
                    assert row["status"] == "created", row
            suite_ms = 1000.0 * stats["intake_s"] / max(stats["orders"], 1)
            single_ms = 1000.0 * single.seconds / max(len(sample), 1)
            report("demo intake: ms per order, batches of 250 vs one per call",
                   suite_ms, single_ms, unit="ms",
                   note="%d orders, %.0f orders/s through import_orders"
                   % (stats["orders"], stats["orders_per_s"]))
            print("demo generation (%s): %.1f s in total for %d orders "
                  "(%.1f orders/s through import_orders; setup %.1f s, receipts "
                  "%.1f s, shipping %d deliveries %.1f s)" % (
                      SIZE, whole.seconds, stats["orders"], stats["orders_per_s"],
                      stats["setup_s"], stats["receipts_s"], stats["shipped"],
                      stats["ship_s"]), flush=True)
        finally:
            env.cr.rollback()


if __name__ == "__main__":
    main()
