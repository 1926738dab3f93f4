"""ecom_pii_guard: a warehouse operator lists and reads N pickings versus admin.

N outgoing pickings of N distinct customers (protected partners). Each side
does, in a fresh transaction: ``search_read`` of the list view fields
(including ``partner_id``: masked label "J*** D** · SO..." for the operator,
clear name for the administrator), then ``read`` of the form fields of all N
pickings. The administrator is unrestricted (superuser rules off, clear
labels): the baseline. Best of ROUNDS runs each, same process, same data.

Size knobs (environment): ECOM_BENCH_PII_PICKINGS (default 1000),
ECOM_BENCH_PII_ROUNDS (default 5).
"""
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import Timer, odoo_env, progress, report  # noqa: E402

PICKINGS = int(os.environ.get("ECOM_BENCH_PII_PICKINGS", "1000"))
ROUNDS = int(os.environ.get("ECOM_BENCH_PII_ROUNDS", "5"))
LOGIN = "bench_wh_operator"
LIST_FIELDS = ["name", "partner_id", "origin", "scheduled_date", "state",
               "location_dest_id", "picking_type_id"]
FORM_FIELDS = LIST_FIELDS + ["move_lines", "priority", "backorder_id", "company_id",
                             "date", "owner_id", "note"]


def setup():
    with odoo_env() as env:
        env = env(context=dict(env.context, tracking_disable=True,
                               mail_create_nolog=True, no_reset_password=True))
        user = env["res.users"].search([("login", "=", LOGIN)])
        if not user:
            user = env["res.users"].create({
                "name": "Bench Warehouse Operator", "login": LOGIN,
                "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref(
                    "ecom_base.group_warehouse_operator").id])]})
        warehouse = env.ref("stock.warehouse0")
        existing = env["stock.picking"].search_count(
            [("origin", "=like", "BPII-%")])
        progress("creating %d customers and pickings" % (PICKINGS - existing))
        product = env["product.product"].search([("default_code", "=", "BPII")])
        if not product:
            product = env["product.product"].create(
                {"name": "Bench PII product", "default_code": "BPII",
                 "type": "product"})
        customers = env.ref("stock.stock_location_customers")
        for index in range(existing, PICKINGS):
            partner = env["res.partner"].create({
                "name": "Customer %05d Bench" % index, "customer": True,
                "email": "c%05d@bench.example.com" % index,
                "phone": "1380000%04d" % (index % 10000),
                "street": "%d Bench Road" % index, "city": "Shanghai"})
            env["stock.picking"].create({
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": partner.id, "origin": "BPII-%05d" % index,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": customers.id,
                "move_lines": [(0, 0, {
                    "name": "bench", "product_id": product.id,
                    "product_uom": product.uom_id.id, "product_uom_qty": 1,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": customers.id})]})
            if index % 200 == 199:
                env.cr.commit()
                progress("%d pickings" % (index + 1))
        return user.id


def run_once(uid):
    """List then read all bench pickings as ``uid`` in a fresh transaction."""
    with odoo_env(uid=uid) as env:
        pickings = env["stock.picking"]
        with Timer() as timer:
            rows = pickings.search_read([("origin", "=like", "BPII-%")], LIST_FIELDS)
            ids = [row["id"] for row in rows]
            records = pickings.browse(ids).read(FORM_FIELDS)
        assert len(records) >= PICKINGS, len(records)
        return timer.seconds, rows[0]["partner_id"][1]


def main():
    operator_uid = setup()
    from odoo import SUPERUSER_ID

    run_once(operator_uid)  # warm both paths (registry, caches)
    run_once(SUPERUSER_ID)
    suite, baseline = [], []
    for round_ in range(ROUNDS):
        seconds, label = run_once(operator_uid)
        suite.append(seconds)
        seconds, clear = run_once(SUPERUSER_ID)
        baseline.append(seconds)
        progress("round %d: operator %.3fs (%s) | admin %.3fs (%s)" % (
            round_ + 1, suite[-1], label, baseline[-1], clear))
    assert "Bench" not in label, label  # the operator saw a masked label
    report("pii_guard: warehouse operator list+read %d pickings" % PICKINGS,
           min(suite), min(baseline), target="suite <= 1.3x baseline",
           note="best of %d; ratio < 1 means slower than admin" % ROUNDS)
    median = statistics.median
    print("    slowdown factor (operator / admin): best %.2fx, median %.2fx "
          "(target <= 1.3x)" % (min(suite) / min(baseline),
                                median(suite) / median(baseline)), flush=True)


if __name__ == "__main__":
    main()
