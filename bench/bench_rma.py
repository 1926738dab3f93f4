"""ecom_rma benchmarks (``make bench``), suite and baseline in one run.

1. ``import_returns``: 1,000 returns of 2 lines in batches of 100 (the
   set-based path: cases, lines, returns receipts, moves and move lines in a
   few statements per batch) against creating the same cases and receipts one
   by one through the ORM (``ecom.rma.create`` with its lines, the receipt
   created, confirmed and reserved) -- target >= 15x.
2. Inspecting and validating a 500-line returns receipt (conditions and
   dispositions written, ``action_inspect``, ``action_validate``: restock
   through the bin putaway, outlet, scrap, vendor returns) -- target <= 5 s.

Setup: 200 paid orders of 2 SKUs x 20 units through ``import_orders``, marked
delivered in SQL (``qty_delivered``): the bench is about returns, not
shipping. Run: ECOM_ODOO_CONF=... ECOM_BENCH_DB=... python bench/bench_rma.py
Knobs: ECOM_BENCH_RMA_RETURNS (1000), ECOM_BENCH_RMA_LINES (500),
ECOM_BENCH_RMA_PARTS (import,receipt).
"""
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import Timer, odoo_env, progress, report  # noqa: E402

RETURNS = int(os.environ.get("ECOM_BENCH_RMA_RETURNS", 1000))
BATCH = 100
ORDERS = 200
LINES = int(os.environ.get("ECOM_BENCH_RMA_LINES", 500))
CODE = "BRMA"
LOGIN = "bench_rma_integration"
PARTS = os.environ.get("ECOM_BENCH_RMA_PARTS", "import,receipt").split(",")


def setup(tag):
    """Channel, 2 SKUs with stock, 200 delivered orders, the integration user,
    and 500 SKUs for the big receipt."""
    with odoo_env() as env:
        env = env(context=dict(env.context, tracking_disable=True,
                               no_reset_password=True, mail_create_nolog=True))
        warehouse = env.ref("stock.warehouse0")
        warehouse._ecom_rma_setup()
        channel = env["ecom.channel"].search([("code", "=", CODE)])
        if not channel:
            cny = env.ref("base.CNY")
            cny.active = True
            pricelist = env["product.pricelist"].create(
                {"name": "Bench RMA CNY", "currency_id": cny.id})
            channel = env["ecom.channel"].create({
                "name": "Bench RMA shop", "code": CODE, "platform": "other",
                "warehouse_id": warehouse.id, "pricelist_id": pricelist.id})
        vendor = env["res.partner"].search([("name", "=", "Bench RMA vendor")])
        if not vendor:
            vendor = env["res.partner"].create({
                "name": "Bench RMA vendor", "supplier": True, "customer": False,
                "is_company": True})
        products = env["product.product"].search(
            [("default_code", "=like", "BRMA-%")], order="default_code")
        missing = LINES + 2 - len(products)
        if missing > 0:
            progress("creating %d SKUs" % missing)
            for index in range(len(products), LINES + 2):
                products |= env["product.product"].create({
                    "name": "Bench RMA %04d" % index,
                    "default_code": "BRMA-%04d" % index, "type": "product",
                    "list_price": 10.0, "standard_price": 4.0,
                    "taxes_id": [(5, 0, 0)],
                    "seller_ids": [(0, 0, {"name": vendor.id, "price": 4.0})]})
            env.cr.commit()
        env.cr.execute("""
            INSERT INTO stock_quant (product_id, location_id, quantity,
                                     reserved_quantity, in_date, company_id)
            SELECT p.id, %s, 1000000, 0, now() at time zone 'UTC', %s
              FROM product_product p
             WHERE p.default_code LIKE 'BRMA-%%'
               AND NOT EXISTS (SELECT 1 FROM stock_quant q WHERE q.product_id = p.id
                                AND q.location_id = %s)
        """, (warehouse.lot_stock_id.id, env.user.company_id.id,
              warehouse.lot_stock_id.id))
        user = env["res.users"].search([("login", "=", LOGIN)])
        if not user:
            user = env["res.users"].create({
                "name": "Bench RMA integration", "login": LOGIN, "password": LOGIN,
                "groups_id": [(6, 0, [env.ref("ecom_base.group_integration").id])]})
        env.cr.commit()
        progress("importing %d orders" % ORDERS)
        api = env["ecom.channel"].sudo(user)
        refs = []
        for start in range(0, ORDERS, 100):
            batch = [{
                "external_ref": "%s-O%04d" % (tag, i),
                "ordered_at": "2026-11-20 08:30:00", "currency": "CNY",
                "paid": True,
                "customer": {"external_id": "rb-%d" % i, "name": "Buyer %d" % i},
                "shipping": {"name": "Buyer %d" % i, "street": "%d Bench Road" % i,
                             "city": "Shanghai", "country_code": "CN"},
                "lines": [{"sku": "BRMA-0000", "qty": 20, "price_unit": 10.0},
                          {"sku": "BRMA-0001", "qty": 20, "price_unit": 20.0}],
            } for i in range(start, start + 100)]
            rows = api.import_orders(CODE, batch)
            assert all(r["status"] == "created" for r in rows), rows[:2]
            refs += [r["external_ref"] for r in rows]
            env.cr.commit()
        env.cr.execute("""
            UPDATE sale_order_line l SET qty_delivered = l.product_uom_qty
              FROM sale_order o
             WHERE o.id = l.order_id AND o.ecom_external_ref = ANY(%s)
        """, (refs,))
        env.cr.commit()
        return user.id, refs, products.ids


def returns_payload(tag, refs, first):
    """RETURNS returns of 1 + 1 units, 10 per order (20 shipped of each SKU)."""
    return [{
        "external_ref": "%s-R%05d" % (tag, first + i),
        "order_ref": refs[(first + i) % len(refs)],
        "type": "return_refund", "reason": "no_longer_needed",
        "requested_at": "2026-11-25 10:00:00", "refund_amount": 30.0,
        "return_tracking_ref": "SF%s%05d" % (tag, first + i),
        "lines": [{"sku": "BRMA-0000", "qty": 1}, {"sku": "BRMA-0001", "qty": 1}],
    } for i in range(RETURNS)]


def bench_import(uid, tag, refs):
    suite = returns_payload(tag, refs, 0)
    baseline = returns_payload(tag, refs, RETURNS)
    with odoo_env(uid) as env:
        api = env["ecom.channel"].with_context(tracking_disable=True)
        with Timer() as suite_timer:
            for start in range(0, RETURNS, BATCH):
                rows = api.import_returns(CODE, suite[start:start + BATCH])
                assert all(r["status"] == "created" for r in rows), rows[:2]
                env.cr.commit()
        progress("suite: %d cases in %.1f s" % (RETURNS, suite_timer.seconds))
    with odoo_env() as env:
        env = env(context=dict(env.context, tracking_disable=True))
        channel = env["ecom.channel"].search([("code", "=", CODE)])
        orders = {o.ecom_external_ref: o for o in env["sale.order"].search([
            ("ecom_channel_id", "=", channel.id),
            ("ecom_external_ref", "in", refs)])}
        products = {p.default_code: p for p in env["product.product"].search(
            [("default_code", "in", ["BRMA-0000", "BRMA-0001"])])}
        with Timer() as baseline_timer:
            for ret in baseline:
                order = orders[ret["order_ref"]]
                rma = env["ecom.rma"].create({
                    "sale_order_id": order.id, "type": ret["type"],
                    "reason": ret["reason"], "external_ref": ret["external_ref"],
                    "requested_at": ret["requested_at"],
                    "return_tracking_ref": ret["return_tracking_ref"],
                    "amount_requested": ret["refund_amount"],
                    "line_ids": [(0, 0, {"product_id": products[line["sku"]].id,
                                         "qty_requested": line["qty"]})
                                 for line in ret["lines"]]})
                rma.action_approve()
                env.cr.commit()
        progress("baseline: %d cases in %.1f s" % (RETURNS, baseline_timer.seconds))
        # both paths left the same thing: a reserved receipt per case
        rmas = env["ecom.rma"].search([("channel_id", "=", channel.id),
                                       ("external_ref", "like", tag + "-R")])
        assert len(rmas) == 2 * RETURNS, len(rmas)
        states = set(rmas.mapped("picking_ids.state"))
        assert states == {"assigned"}, states
    report("import_returns %d returns x 2 lines, batches of %d" % (RETURNS, BATCH),
           suite_timer.seconds, baseline_timer.seconds, target=">= 15x",
           note="baseline: ORM create + receipt one by one")


def bench_receipt(tag, product_ids, refs):
    """One case of LINES lines received, then inspected and validated."""
    with odoo_env() as env:
        env = env(context=dict(env.context, tracking_disable=True))
        channel = env["ecom.channel"].search([("code", "=", CODE)])
        order = env["sale.order"].search([("ecom_channel_id", "=", channel.id),
                                          ("ecom_external_ref", "=", refs[0])])
        rma = env["ecom.rma"].create({
            "sale_order_id": order.id, "type": "return_refund",
            "reason": "damaged", "external_ref": "%s-BIG" % tag,
            "amount_requested": 1.0,
            "line_ids": [(0, 0, {"product_id": pid, "qty_requested": 2})
                         for pid in product_ids[2:LINES + 2]]})
        rma.action_approve()
        for line in rma.line_ids:
            line.qty_received = 2
        with Timer() as received:
            rma.action_receive()
            env.cr.commit()
        progress("received a %d-line case in %.1f s (not part of the target)"
                 % (len(rma.line_ids), received.seconds))
        operator = env["res.users"].search([("login", "=", "bench_rma_wh")])
        if not operator:
            operator = env["res.users"].create({
                "name": "Bench RMA operator", "login": "bench_rma_wh",
                "groups_id": [(6, 0, [
                    env.ref("base.group_user").id,
                    env.ref("ecom_base.group_warehouse_operator").id])]})
            env.cr.commit()
        rnd = random.Random(7)
        choices = [("A", "restock")] * 6 + [("B", "outlet")] * 2 + \
            [("C", "scrap"), ("defect", "return_to_vendor")]
        plan = {}
        for line in rma.line_ids:
            plan.setdefault(rnd.choice(choices), []).append(line.id)
        rma = rma.sudo(operator)
        # the machine is shared: this process's own CPU time is printed too
        cpu = time.process_time()
        with Timer() as timer:
            lines = rma.line_ids
            for (condition, disposition), ids in plan.items():
                lines.browse(ids).write({"condition": condition,
                                         "disposition": disposition})
            rma.action_inspect()
            rma.action_validate()
            env.cr.commit()
        cpu = time.process_time() - cpu
        assert rma.state == "done", rma.state
        done = rma.picking_ids.filtered(lambda p: p.ecom_rma_disposition)
        assert set(done.mapped("state")) == {"done"}, done.mapped("state")
    report("inspect + validate a %d-line returns receipt" % LINES,
           timer.seconds, timer.seconds, target="<= 5 s",
           note="suite only (no baseline: nothing else validates dispositions); "
                "Python CPU %.1f s, load average %.1f" % (cpu, os.getloadavg()[0]))


def main():
    tag = "R%d" % random.randrange(10 ** 6)
    uid, refs, product_ids = setup(tag)
    if "import" in PARTS:
        bench_import(uid, tag, refs)
    if "receipt" in PARTS:
        bench_receipt(tag, product_ids, refs)


if __name__ == "__main__":
    main()
