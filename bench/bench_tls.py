"""ecom_security / make serve: cost of TLS and the nginx hop for API clients.

The same prefork Odoo (2 workers, ``make serve``'s stack from
tests/harness/serve.py) is called over XML-RPC twice in this run:

* suite: HTTPS through nginx, certificate verified against the test CA,
  one keep-alive TLS connection per client (as a shop's client does);
* baseline: plain HTTP straight to Odoo's loopback port.

Measured: ``ecom.channel.export_stock`` of 10,000 SKUs and
``ecom.channel.import_orders`` of 100 paid orders x 3 lines, each the median
of ECOM_BENCH_TLS_ROUNDS (default 3) alternating rounds. Target: HTTPS <=
1.2x plain (the "overhead" in the note; ``ratio`` is plain / HTTPS).

Data: bench_channel's setup (channel BENCH, SKUs with stock, the integration
user). Knobs: ECOM_BENCH_SKUS (default 10000), ECOM_BENCH_TLS_ROUNDS.
"""
import os
import random
import statistics
import sys
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_channel  # noqa: E402
from common import Timer, conf_path, db_name, progress, report  # noqa: E402
from harness.serve import ServeStack  # noqa: E402

ROUNDS = int(os.environ.get("ECOM_BENCH_TLS_ROUNDS", "3"))
ORDERS = 100
LOGIN = bench_channel.LOGIN


class Client:
    def __init__(self, name, url, context=None):
        self.name = name
        kwargs = {"context": context} if context else {}
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", **kwargs)
        self.db = db_name()
        self.uid = common.authenticate(self.db, LOGIN, LOGIN, {})
        assert self.uid, "bench integration user cannot log in at %s" % url
        self.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object",
                                                allow_none=True, **kwargs)

    def call(self, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, LOGIN, "ecom.channel",
                                      method, list(args), kwargs)


def skus():
    from common import odoo_env
    with odoo_env() as env:
        return env["product.product"].search(
            [("default_code", "=like", "BSKU-%")]).mapped("default_code")


def measure(clients, run):
    """Median seconds per client of ``run(client, round)``, rounds alternating."""
    times = {client.name: [] for client in clients}
    for round_ in range(ROUNDS):
        for client in (clients if round_ % 2 == 0 else clients[::-1]):
            with Timer() as timer:
                run(client, round_)
            times[client.name].append(timer.seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    currency = bench_channel.setup()
    all_skus = skus()
    progress("%d SKUs; starting the HTTPS stack (nginx + Odoo, 2 workers)"
             % len(all_skus))
    stack = ServeStack(conf_path(), db_name(), workers=2).start()
    try:
        https = Client("https", stack.https_url, stack.ssl_context())
        plain = Client("plain", stack.odoo_url)
        clients = [https, plain]
        for client in clients:  # warm-up: registry, caches, TLS session
            client.call("export_stock", "BENCH", skus=all_skus[:10])

        def export(client, _round):
            rows = client.call("export_stock", "BENCH", skus=all_skus)
            assert len(rows) == len(all_skus)
        result = measure(clients, export)
        overhead = result["https"] / result["plain"]
        report("export_stock %d SKUs over XML-RPC: HTTPS+nginx vs plain HTTP"
               % len(all_skus), result["https"], result["plain"],
               target="overhead <= 1.2x", note="overhead %.2fx" % overhead)

        tag = "T%d" % random.randrange(10 ** 6)
        rnd = random.Random(7)

        def intake(client, round_):
            orders = [bench_channel.make_order(
                "%s-%s-%d-%03d" % (tag, client.name, round_, i), currency, rnd)
                for i in range(ORDERS)]
            rows = client.call("import_orders", "BENCH", orders)
            created = sum(1 for row in rows if row["status"] == "created")
            assert created == ORDERS, rows[:3]
        result = measure(clients, intake)
        overhead = result["https"] / result["plain"]
        report("import_orders %d orders x 3 lines: HTTPS+nginx vs plain HTTP"
               % ORDERS, result["https"], result["plain"],
               target="overhead <= 1.2x", note="overhead %.2fx" % overhead)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
