"""ecom_listing: stock export per listing and intake of bundle orders.

1. ``export_stock(code, listings=True)`` of 20,000 listings (half single
   products or multi-packs, half bundles of 2-4 components over 10,000 SKUs)
   over XML-RPC (live 2-worker server), best of 3; baseline: the channel's
   plain ``export_stock`` of its 10,000 SKUs over XML-RPC. Target: <= 1.5 s.
2. Intake of ECOM_BENCH_ORDERS (default 1,000) paid orders whose lines are all
   bundles (by seller code or platform ids) versus the same orders with the
   component SKUs as plain lines (same products, quantities and prices: the
   same sale orders), batches of 100 over XML-RPC, interleaved batch by
   batch. Target: the bundle intake at >= 80 % of the plain intake's speed.

Knobs: ECOM_BENCH_LISTINGS, ECOM_BENCH_ORDERS, ECOM_BENCH_PARTS
("export,intake"). Setup reuses bench_channel's channel BENCH, SKUs and
integration user; the 20,000 listings are inserted with SQL (setup only).
"""
import os
import random
import sys
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_channel  # noqa: E402
from common import Timer, live_server, odoo_env, progress, report  # noqa: E402

LISTINGS = int(os.environ.get("ECOM_BENCH_LISTINGS", "20000"))
ORDERS = int(os.environ.get("ECOM_BENCH_ORDERS", "1000"))
PARTS = os.environ.get("ECOM_BENCH_PARTS", "export,intake").split(",")
SKUS = bench_channel.SKUS
BATCH = 100
LOGIN = bench_channel.LOGIN


def listing_plan(rnd):
    """[(seller code, [(sku index, qty)])]: even = single/multi-pack, odd = bundle."""
    plan = []
    for index in range(LISTINGS):
        if index % 2 == 0:
            components = [(rnd.randrange(SKUS), rnd.choice((1, 1, 2, 6)))]
        else:
            skus = rnd.sample(range(SKUS), rnd.randint(2, 4))
            components = [(sku, rnd.randint(1, 3)) for sku in skus]
        plan.append(("BL-%05d" % index, components))
    return plan


def setup_listings(plan):
    with odoo_env() as env:
        channel = env["ecom.channel"].search([("code", "=", "BENCH")])
        env.cr.execute("SELECT count(*) FROM ecom_channel_listing "
                       "WHERE channel_id = %s", (channel.id,))
        if env.cr.fetchone()[0] >= LISTINGS:
            return
        progress("inserting %d listings (SQL)" % LISTINGS)
        env.cr.execute("DELETE FROM ecom_channel_listing WHERE channel_id = %s",
                       (channel.id,))
        env.cr.execute("SELECT default_code, id FROM product_product "
                       "WHERE default_code LIKE 'BSKU-%%'")
        products = dict(env.cr.fetchall())
        env.cr.execute("""
            INSERT INTO ecom_channel_listing
                (channel_id, seller_code, platform_item_id, platform_sku_id, name,
                 active, kind, stock_policy, stock_share_percent, stock_buffer_qty,
                 stock_cap_qty, stock_fixed_qty, create_uid, write_uid,
                 create_date, write_date)
            SELECT %s, 'BL-' || lpad(g::text, 5, '0'), 'IT' || g, 'IT' || g || '-1',
                   'Bench listing ' || g, true,
                   CASE WHEN g %% 2 = 1 THEN 'bundle' ELSE 'multipack' END,
                   'channel', 100, 0, 0, 0, 1, 1, now(), now()
              FROM generate_series(0, %s) g
        """, (channel.id, LISTINGS - 1))
        env.cr.execute("SELECT seller_code, id FROM ecom_channel_listing "
                       "WHERE channel_id = %s", (channel.id,))
        ids = dict(env.cr.fetchall())
        rows = [(ids[code], channel.id, products["BSKU-%05d" % sku], qty, 10 * n)
                for code, components in plan
                for n, (sku, qty) in enumerate(components)]
        from odoo.addons.ecom_base.tools import bulk
        bulk.execute_values(
            env.cr, """
            INSERT INTO ecom_channel_listing_line
                (listing_id, channel_id, product_id, quantity, sequence,
                 create_uid, write_uid, create_date, write_date)
            VALUES %s""", rows,
            template="(%s, %s, %s, %s, %s, 1, 1, now(), now())")
        env.cr.execute("""
            UPDATE ecom_channel_listing_line c
               SET seller_code = l.seller_code, listing_name = l.name,
                   platform_item_id = l.platform_item_id,
                   platform_sku_id = l.platform_sku_id, listing_active = l.active
              FROM ecom_channel_listing l
             WHERE l.id = c.listing_id AND l.channel_id = %s""", (channel.id,))
        # statistics of every table the setup filled, as autovacuum would
        # have them a minute later: without them the plain export (the
        # baseline) planned a nested loop over products x quants and took
        # 5.8 s instead of 0.2 s until autovacuum's ANALYZE came by
        env.cr.execute("ANALYZE ecom_channel_listing; "
                       "ANALYZE ecom_channel_listing_line; ANALYZE product_template; "
                       "ANALYZE product_product; ANALYZE stock_quant")
        env.cr.commit()


class WholeResponseTransport(xmlrpc.client.Transport):
    """Reads the whole answer, then parses it. The stock xmlrpc client parses
    while it reads, 1 KB at a time; on a loaded machine a 7 MB answer then
    takes longer than the 2 s socket timeout of Odoo's prefork workers and
    arrives cut. A shop's client reads its answer first, as this one does."""

    def parse_response(self, response):
        data = response.read()
        parser, unmarshaller = self.getparser()
        parser.feed(data)
        parser.close()
        return unmarshaller.close()


def connect(server):
    common = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/common")
    uid = common.authenticate(server.db, LOGIN, LOGIN, {})
    models = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object",
                                       allow_none=True,
                                       transport=WholeResponseTransport())

    def call(method, *args, **kwargs):
        return models.execute_kw(server.db, uid, LOGIN, "ecom.channel", method,
                                 list(args), kwargs)
    return call


def bench_export(call):
    call("export_stock", "BENCH", listings=True)       # warm-up
    call("export_stock", "BENCH")
    suite, baseline = [], []
    for _run in range(3):
        with Timer() as timer:
            rows = call("export_stock", "BENCH", listings=True)
        suite.append(timer.seconds)
        with Timer() as timer:
            plain = call("export_stock", "BENCH")
        baseline.append(timer.seconds)
    assert len(rows) == LISTINGS, len(rows)
    assert all(row["available_qty"] > 0 for row in rows[:100]), rows[:3]
    report("export_stock of %d listings over XML-RPC (best of 3)" % len(rows),
           min(suite), min(baseline), target="<= 1.5 s",
           note="baseline: plain export_stock of %d SKUs" % len(plain))


def make_orders(plan, tag, rnd, prices, currency):
    """(bundle orders, the same orders with plain SKU lines)."""
    from odoo.addons.ecom_listing.services.pricing import split_line
    bundles = plan[1::2]
    bundle_orders, plain_orders = [], []
    for index in range(ORDERS):
        lines, plain = [], []
        for position in range(2):
            code, components = rnd.choice(bundles)
            qty, price = rnd.randint(1, 2), round(rnd.uniform(20, 200), 2)
            number = int(code[3:])
            key = {"seller_code": code} if position == 0 else \
                {"platform_item_id": "IT%d" % number,
                 "platform_sku_id": "IT%d-1" % number}
            lines.append(dict(key, qty=qty, price_unit=price))
            for sku, units, unit_price in split_line(
                    price, qty, [("BSKU-%05d" % s, q, prices[s])
                                 for s, q in components]):
                plain.append({"sku": sku, "qty": units, "price_unit": unit_price})
        buyer = rnd.randint(1, ORDERS // 3 + 1)
        head = {
            "ordered_at": "2026-11-20 08:30:00", "currency": currency, "paid": True,
            "customer": {"external_id": "lbuyer-%d" % buyer,
                         "name": "Buyer %d" % buyer,
                         "email": "lbuyer%d@example.com" % buyer},
            "shipping": {"name": "Buyer %d" % buyer,
                         "street": "%d Bench Road" % buyer, "city": "Shanghai",
                         "zip": "200000", "country_code": "CN"},
        }
        bundle_orders.append(dict(head, external_ref="%s-B-%05d" % (tag, index),
                                  lines=lines))
        plain_orders.append(dict(head, external_ref="%s-P-%05d" % (tag, index),
                                 lines=plain))
    return bundle_orders, plain_orders


def bench_intake(call, plan, currency):
    rnd = random.Random(7)
    with odoo_env() as env:
        env.cr.execute("SELECT p.default_code, t.list_price FROM product_product p "
                       "JOIN product_template t ON t.id = p.product_tmpl_id "
                       "WHERE p.default_code LIKE 'BSKU-%%'")
        prices = {int(code[5:]): price for code, price in env.cr.fetchall()}
    tag = "L%d" % int(time.time())
    bundle_orders, plain_orders = make_orders(plan, tag, rnd, prices, currency)
    warm_b, warm_p = make_orders(plan, tag + "W", random.Random(8), prices,
                                 currency)
    call("import_orders", "BENCH", warm_b[:20])
    call("import_orders", "BENCH", warm_p[:20])
    suite = baseline = 0.0
    ids = {"bundle": [], "plain": []}
    for start in range(0, ORDERS, BATCH):
        for kind, orders in (("plain", plain_orders), ("bundle", bundle_orders)):
            with Timer() as timer:
                rows = call("import_orders", "BENCH", orders[start:start + BATCH])
            assert all(r["status"] == "created" for r in rows), rows[:2]
            ids[kind] += [r["order_id"] for r in rows]
            if kind == "bundle":
                suite += timer.seconds
            else:
                baseline += timer.seconds
        progress("import_orders: %d/%d of each" % (start + BATCH, ORDERS))
    bench_channel.check_confirmed_reserved(ids["bundle"], "bundle orders")
    with odoo_env() as env:
        for kind in ("bundle", "plain"):
            env.cr.execute("SELECT count(*), sum(price_subtotal) FROM sale_order_line "
                           "WHERE order_id = ANY(%s)", (ids[kind],))
            count, amount = env.cr.fetchone()
            progress("%s orders: %d lines, amount %.2f" % (kind, count, amount))
            if kind == "bundle":
                expected = (count, round(amount, 2))
        assert expected == (count, round(amount, 2)), "not the same orders"
    speed = baseline / suite if suite else 0.0
    report("intake of %d all-bundle orders vs the same plain" % ORDERS,
           suite, baseline, target="speed >= 0.80 of plain",
           note="bundle %.1f orders/s, plain %.1f orders/s, speed ratio %.2f"
                % (ORDERS / suite, ORDERS / baseline, speed))


def main():
    currency = bench_channel.setup()
    plan = listing_plan(random.Random(42))
    setup_listings(plan)
    with live_server() as server:
        call = connect(server)
        if "export" in PARTS:
            bench_export(call)
        if "intake" in PARTS and ORDERS:
            bench_intake(call, plan, currency)


if __name__ == "__main__":
    main()
