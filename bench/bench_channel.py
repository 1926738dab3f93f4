"""ecom_channel: batch order intake and stock export versus the native paths.

1. N paid orders x 3 lines through ``ecom.channel.import_orders`` (batches of
   100, XML-RPC, live 2-worker server) versus the native path, per order over
   XML-RPC: ``res.partner`` create + ``sale.order`` create + ``action_confirm``.
   Compared per order (ms/order); both measured in this run.
2. ``export_stock`` for all SKUs (in-process, and over XML-RPC) versus reading
   ``qty_available`` / ``virtual_available`` of the same products through the ORM.

Both sides are checked after the run: every order confirmed, its delivery
from the channel's warehouse and reserved ("assigned").

Size knobs (environment): ECOM_BENCH_ORDERS (default 1000, the issue's size),
ECOM_BENCH_NATIVE (native orders measured, default 200: the native path needs
minutes per hundred orders; the ms/order figures are compared), ECOM_BENCH_SKUS
(default 10000), ECOM_BENCH_PARTS (default "intake,export").
"""
import os
import random
import sys
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import (Timer, live_server, odoo_env, progress, report,  # noqa: E402
                    table_columns)

ORDERS = int(os.environ.get("ECOM_BENCH_ORDERS", "1000"))
NATIVE = int(os.environ.get("ECOM_BENCH_NATIVE", "200"))
SKUS = int(os.environ.get("ECOM_BENCH_SKUS", "10000"))
PARTS = os.environ.get("ECOM_BENCH_PARTS", "intake,export").split(",")
BATCH = 100
LOGIN = "bench_integration"


def setup():
    """Channel, SKUs with stock (SQL for the quants), an integration user."""
    with odoo_env() as env:
        env = env(context=dict(env.context, tracking_disable=True,
                               no_reset_password=True))
        warehouse = env.ref("stock.warehouse0")
        channel = env["ecom.channel"].search([("code", "=", "BENCH")])
        if not channel:
            channel = env["ecom.channel"].create({
                "name": "Bench shop", "code": "BENCH", "platform": "other",
                "warehouse_id": warehouse.id,
                "pricelist_id": env.ref("product.list0").id,
                "stock_share_percent": 80, "stock_buffer_qty": 1,
            })
        existing = env["product.product"].search_count(
            [("default_code", "=like", "BSKU-%")])
        progress("creating %d SKUs" % (SKUS - existing))
        template = env["product.template"]
        if not existing:
            template.create({"name": "Bench product 00000",
                             "default_code": "BSKU-00000",
                             "type": "product", "list_price": 10.0,
                             "taxes_id": [(5, 0, 0)]})
            existing = 1
        if SKUS > existing:
            clone_products(env.cr, existing, SKUS - 1)
        env.cr.commit()
        env.cr.execute("""
            INSERT INTO stock_quant (product_id, location_id, quantity,
                                     reserved_quantity, in_date, company_id)
            SELECT p.id, %s, 1000000, 0, now() at time zone 'UTC', %s
              FROM product_product p
             WHERE p.default_code LIKE 'BSKU-%%'
               AND NOT EXISTS (SELECT 1 FROM stock_quant q WHERE q.product_id = p.id)
        """, (warehouse.lot_stock_id.id, env.user.company_id.id))
        if not env["res.users"].search([("login", "=", LOGIN)]):
            env["res.users"].create({
                "name": "Bench integration", "login": LOGIN, "password": LOGIN,
                "groups_id": [(6, 0, [env.ref("ecom_base.group_integration").id])],
            })
        currency = channel.pricelist_id.currency_id.name
        env.cr.commit()
        return currency


def clone_products(cr, first, last):
    """SKUs first..last as SQL copies of BSKU-00000 (setup only: the ORM needs
    ~0.2 s per product on this shared machine)."""
    cr.execute("SELECT id, product_tmpl_id FROM product_product "
               "WHERE default_code = 'BSKU-00000'")
    product_id, template_id = cr.fetchone()
    cols = table_columns(cr, "product_template", ("id", "name"))
    query = """
        INSERT INTO product_template (name, {cols})
        SELECT 'Bench product ' || lpad(g::text, 5, '0'), {tcols}
          FROM product_template t, generate_series(%s, %s) g WHERE t.id = %s
    """.format(cols=", ".join(cols), tcols=", ".join("t." + c for c in cols))
    cr.execute(query, (first, last, template_id))
    cols = table_columns(cr, "product_product",
                         ("id", "product_tmpl_id", "default_code", "barcode"))
    query = """
        INSERT INTO product_product (product_tmpl_id, default_code, {cols})
        SELECT n.id, 'BSKU-' || right(n.name, 5), {pcols}
          FROM product_product p, product_template n
         WHERE p.id = %s AND n.name LIKE 'Bench product %%'
           AND NOT EXISTS (SELECT 1 FROM product_product x
                            WHERE x.product_tmpl_id = n.id)
    """.format(cols=", ".join(cols), pcols=", ".join("p." + c for c in cols))
    cr.execute(query, (product_id,))


def make_order(ref, currency, rnd):
    buyer = rnd.randint(1, ORDERS // 3 + 1)
    return {
        "external_ref": ref, "ordered_at": "2026-11-20 08:30:00",
        "currency": currency, "paid": True,
        "customer": {"external_id": "buyer-%d" % buyer, "name": "Buyer %d" % buyer,
                     "email": "buyer%d@example.com" % buyer},
        "shipping": {"name": "Buyer %d" % buyer, "street": "%d Bench Road" % buyer,
                     "city": "Shanghai", "zip": "200000", "country_code": "CN"},
        "lines": [{"sku": "BSKU-%05d" % rnd.randrange(SKUS), "qty": 1 + i,
                   "price_unit": 9.9 + i} for i in range(3)],
    }


def check_confirmed_reserved(order_ids, what):
    """Every order confirmed, one delivery per order from WH, stock reserved."""
    with odoo_env() as env:
        orders = env["sale.order"].browse(order_ids)
        warehouse = env.ref("stock.warehouse0")
        states = {o.state for o in orders}
        pickings = orders.mapped("picking_ids")
        assert states == {"sale"}, (what, states)
        assert len(pickings) == len(orders), (what, len(pickings), len(orders))
        assert set(pickings.mapped("state")) == {"assigned"}, \
            (what, set(pickings.mapped("state")))
        assert pickings.mapped("picking_type_id.warehouse_id") == warehouse, what
    progress("%s: %d orders confirmed, deliveries reserved" % (what, len(order_ids)))


def bench_intake(server, currency, tag):
    rnd = random.Random(42)
    orders = [make_order("%s-%05d" % (tag, i), currency, rnd) for i in range(ORDERS)]
    proxy = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/common")
    uid = proxy.authenticate(server.db, LOGIN, LOGIN, {})
    models = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object",
                                       allow_none=True)
    created = 0
    suite_ids = []
    with Timer() as suite:
        for start in range(0, ORDERS, BATCH):
            result = models.execute_kw(server.db, uid, LOGIN, "ecom.channel",
                                       "import_orders",
                                       ["BENCH", orders[start:start + BATCH]])
            created += sum(1 for row in result if row["status"] == "created")
            suite_ids += [row["order_id"] for row in result]
            progress("import_orders: %d/%d" % (start + BATCH, ORDERS))
    assert created == ORDERS, created
    check_confirmed_reserved(suite_ids, "suite")

    # native: admin creates customer + order + confirms, one order at a time
    admin_uid = proxy.authenticate(server.db, "admin", "admin", {})
    with odoo_env() as env:
        products = dict(env["product.product"].search(
            [("default_code", "=like", "BSKU-%")]).mapped(
            lambda p: (p.default_code, p.id)))
        country = env.ref("base.cn").id
        warehouse = env.ref("stock.warehouse0").id
    native_orders = orders[:NATIVE]
    native_ids = []
    with Timer() as baseline:
        for index, order in enumerate(native_orders):
            partner = models.execute_kw(server.db, admin_uid, "admin", "res.partner",
                                        "create", [{
                                            "name": order["customer"]["name"],
                                            "email": order["customer"]["email"],
                                            "street": order["shipping"]["street"],
                                            "city": order["shipping"]["city"],
                                            "country_id": country}])
            sale = models.execute_kw(server.db, admin_uid, "admin", "sale.order",
                                     "create", [{
                                         "partner_id": partner,
                                         "warehouse_id": warehouse,
                                         "client_order_ref": order["external_ref"],
                                         "order_line": [(0, 0, {
                                             "product_id": products[line["sku"]],
                                             "product_uom_qty": line["qty"],
                                             "price_unit": line["price_unit"]})
                                             for line in order["lines"]]}])
            models.execute_kw(server.db, admin_uid, "admin", "sale.order",
                              "action_confirm", [[sale]])
            native_ids.append(sale)
            if (index + 1) % 50 == 0:
                progress("native: %d/%d" % (index + 1, NATIVE))
    check_confirmed_reserved(native_ids, "native")
    suite_ms = suite.seconds / ORDERS * 1000.0
    native_ms = baseline.seconds / NATIVE * 1000.0
    report("order intake, ms per paid order x 3 lines", suite_ms, native_ms,
           target=">= 15x", unit="ms",
           note="suite %d orders in %.1f s = %.1f orders/s; native %d orders in %.1f s"
                % (ORDERS, suite.seconds, ORDERS / suite.seconds, NATIVE,
                   baseline.seconds))


def bench_export(server, models, uid):
    with odoo_env() as env:
        channel = env["ecom.channel"].search([("code", "=", "BENCH")])
        products = env["product.product"].search([("default_code", "=like", "BSKU-%")])
        skus = products.mapped("default_code")
        channel.export_stock("BENCH", skus=skus[:10])   # warm-up
        with Timer() as suite:
            rows = channel.export_stock("BENCH", skus=skus)
        assert len(rows) == len(skus)
        env.clear()
        with Timer() as baseline:
            data = products.with_context(warehouse=channel.warehouse_id.id).read(
                ["qty_available", "virtual_available"])
        assert len(data) == len(skus)
    report("export_stock %d SKUs (in-process) vs ORM qty fields" % len(skus),
           suite.seconds, baseline.seconds, target="<= 1 s and >= 20x")
    with Timer() as rpc_time:
        rows = models.execute_kw(server.db, uid, LOGIN, "ecom.channel",
                                 "export_stock", ["BENCH"], {"skus": skus})
    assert len(rows) == len(skus)
    report("export_stock %d SKUs over XML-RPC vs ORM qty fields" % len(skus),
           rpc_time.seconds, baseline.seconds, target="<= 1 s")


def main():
    currency = setup()
    tag = "B%d" % random.randrange(10 ** 6)
    with live_server(workers=2) as server:
        if "intake" in PARTS:
            bench_intake(server, currency, tag)
        if "export" in PARTS:
            proxy = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/common")
            uid = proxy.authenticate(server.db, LOGIN, LOGIN, {})
            models = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object",
                                               allow_none=True)
            bench_export(server, models, uid)


if __name__ == "__main__":
    main()
