"""Channel settlements (ecom_settlement) at volume.

Data: ECOM_BENCH_SETTLEMENT_ORDERS confirmed channel orders (default 50,000;
SQL copies of one ORM-made order, ANALYZEd) and one payout batch with a sale
line per order (one in ten under-settled, one in twenty with a commission
above the contract, a few unknown references). Measured in one run:

* suite: ``import_settlement`` of the batch (validation, order look-up and
  facts in a few queries, matching, set-based insert of the lines), target
  <= 20 s for 50,000 lines;
* baseline: the same lines matched with ORM searches one by one (order by
  channel + reference, its total read, the line created with ``create``) on
  ECOM_BENCH_SETTLEMENT_BASELINE_LINES lines (default 1,000), scaled
  linearly to the batch for the ratio (said so in the output);
* informational: posting that batch (its journal entry on the channel's
  accounts, found on the company's chart).

Every run rolls its batch back; the orders are reused by the next run.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import Timer, odoo_env, progress, report, table_columns  # noqa: E402

BASELINE_LINES = 1000


def _setup(env, orders):
    """The bench channel with ``orders`` confirmed orders ``BST-nnnnnnn``."""
    from odoo.addons.ecom_base.tools import bulk

    cr = env.cr
    code = "BSETTLE-%d" % orders
    channel = env["ecom.channel"].search([("code", "=", code)])
    if channel:
        progress("reusing %d orders of %s" % (orders, code))
        return channel
    progress("creating %d orders" % orders)
    pricelist = env["product.pricelist"].create({
        "name": "Bench settlement", "currency_id": env.user.company_id.currency_id.id})
    channel = env["ecom.channel"].create({
        "name": "Bench settlement", "code": code, "pricelist_id": pricelist.id,
        "warehouse_id": env["stock.warehouse"].search([], limit=1).id})
    env["ecom.channel.fee.rule"].create({
        "channel_id": channel.id, "name": "Commission", "kind": "percent",
        "value": 5.0})
    product = env["product.product"].create({"name": "Bench settlement tea",
                                             "type": "consu", "list_price": 50.0})
    partner = env["res.partner"].create({"name": "Bench settlement buyer"})
    template = env["sale.order"].create({
        "partner_id": partner.id, "ecom_channel_id": channel.id,
        "pricelist_id": pricelist.id, "ecom_external_ref": "BST-TEMPLATE",
        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 2,
                               "price_unit": 50.0, "tax_id": [(5, 0, 0)]})]})
    columns = table_columns(cr, "sale_order", skip=("id",))
    select = ", ".join("v.%s" % c if c in ("name", "ecom_external_ref") else "t.%s" % c
                       for c in columns)
    query = ("INSERT INTO sale_order ({cols}) SELECT {sel} FROM sale_order t, "
             "(VALUES %s) AS v(name, ecom_external_ref) WHERE t.id = {tid}").format(
                 cols=", ".join(columns), sel=select, tid=template.id)
    bulk.execute_values(cr, query, [("BST%07d" % i, "BST-%07d" % i)
                                    for i in range(orders)], page_size=5000)
    cr.execute("UPDATE sale_order SET state = 'sale', amount_total = 100.0 "
               "WHERE ecom_channel_id = %s", (channel.id,))
    cr.execute("ANALYZE sale_order")
    cr.commit()
    return channel


def _batch(channel, orders, ref):
    lines = []
    for i in range(orders):
        amount = 90.0 if i % 10 == 0 else 100.0          # under-settled
        lines.append({"order_ref": "BST-%07d" % i, "type": "sale",
                      "amount": amount})
    # commissions on one order in twenty (one in two above the 5 % contract)
    for i in range(0, orders, 20):
        lines[i + 1] = {"order_ref": "BST-%07d" % i, "type": "commission",
                        "amount": -5.0 if i % 40 else -8.0}
    lines[-1] = {"order_ref": "BST-UNKNOWN", "type": "sale", "amount": 1.0}
    return {"batch_ref": ref, "period_start": "2026-01-01",
            "period_end": "2026-01-31", "currency": channel.currency_id.name,
            "lines": lines}


def _accounts(env, channel):
    """The channel's settlement accounts; a database without a chart of
    accounts (nodemo, no localisation) gets the two the chart would give."""
    account = env["account.account"]
    if not account.search_count([]):
        receivable = account.create({
            "code": "BREC", "name": "Bench receivable", "reconcile": True,
            "user_type_id": env.ref("account.data_account_type_receivable").id})
        account.create({
            "code": "220000", "name": "Bench expenses",
            "user_type_id": env.ref("account.data_account_type_expenses").id})
        channel.settlement_receivable_account_id = receivable
    channel.action_settlement_default_accounts()


def _baseline(env, channel, batch, count):
    """ORM matching one line at a time (search, read, create)."""
    settlement = env["ecom.settlement"].create({
        "channel_id": channel.id, "batch_ref": batch["batch_ref"] + "-ORM"})
    orders, lines = env["sale.order"], env["ecom.settlement.line"]
    with Timer() as timer:
        for index, line in enumerate(batch["lines"][:count]):
            order = orders.search([("ecom_channel_id", "=", channel.id),
                                   ("ecom_external_ref", "=", line["order_ref"])],
                                  limit=1)
            expected = order.amount_total if line["type"] == "sale" else 0.0
            lines.create({
                "settlement_id": settlement.id, "sequence": index,
                "order_ref": line["order_ref"], "order_id": order.id,
                "type": line["type"], "amount": line["amount"],
                "expected_amount": expected,
                "difference": line["amount"] - expected,
                "variance": False if order else "unknown_order"})
        lines.recompute()
    return timer.seconds


def main():
    orders = int(os.environ.get("ECOM_BENCH_SETTLEMENT_ORDERS", "50000"))
    baseline_lines = int(os.environ.get("ECOM_BENCH_SETTLEMENT_BASELINE_LINES",
                                        BASELINE_LINES))
    with odoo_env(context={"tracking_disable": True}) as env:
        channel = _setup(env, orders)
        batch = _batch(channel, orders, "BST-%d" % time.time())
        progress("import_settlement: %d lines" % len(batch["lines"]))
        with Timer() as suite:
            row = env["ecom.channel"]._import_settlement_checked(channel.code, batch)
        assert row["status"] == "created", row
        settlement = env["ecom.settlement"].browse(row["settlement_id"])
        assert settlement.line_count == len(batch["lines"])
        assert settlement.variance_count > 0
        _accounts(env, channel)
        with Timer() as post:
            settlement.action_post()
        assert settlement.state == "posted" and len(settlement.move_id.line_ids) >= 2
        progress("posting the batch (one journal entry, settled margins): %.2f s"
                 % post.seconds)
        env.cr.rollback()
        progress("baseline: ORM matching of %d lines" % baseline_lines)
        base = _baseline(env, channel, batch, baseline_lines)
        env.cr.rollback()
    scaled = base * len(batch["lines"]) / float(baseline_lines)
    report("import_settlement + matching: %d lines vs %d orders"
           % (len(batch["lines"]), orders), suite.seconds, scaled,
           target="<= 20 s for 50,000 lines",
           note="baseline ORM one by one on %d lines (%.2f s), scaled x%.0f"
                % (baseline_lines, base, len(batch["lines"]) / float(baseline_lines)))


if __name__ == "__main__":
    main()
