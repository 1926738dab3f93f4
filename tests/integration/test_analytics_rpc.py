"""ecom_analytics over XML-RPC: a warehouse operator's validation is recorded
as their work and only they (and their manager) see it; the planner's
channel x week facts answer what sale.report answers."""
import xmlrpc.client

import pytest


@pytest.fixture
def delivery(rpc, require_addons):
    """Admin: a product with 20 units in stock and a delivery of 3 of them,
    reserved, waiting for the operator."""
    require_addons("ecom_analytics")
    admin = rpc("admin")
    warehouse = admin.call("stock.warehouse", "search_read", [],
                           fields=["lot_stock_id", "out_type_id"], limit=1)[0]
    product = admin.call("product.product", "create", {
        "name": "RPC analytics item", "type": "product"})
    wizard = admin.call("stock.change.product.qty", "create", {
        "product_id": product, "new_quantity": 20,
        "location_id": warehouse["lot_stock_id"][0]})
    admin.call("stock.change.product.qty", "change_product_qty", [wizard])
    customers = admin.ref("stock.stock_location_customers")
    picking = admin.call("stock.picking", "create", {
        "picking_type_id": warehouse["out_type_id"][0],
        "location_id": warehouse["lot_stock_id"][0],
        "location_dest_id": customers,
        "move_lines": [(0, 0, {
            "name": "RPC analytics item", "product_id": product,
            "product_uom": admin.ref("product.product_uom_unit"),
            "product_uom_qty": 3, "location_id": warehouse["lot_stock_id"][0],
            "location_dest_id": customers})]})
    admin.call("stock.picking", "action_confirm", [picking])
    admin.call("stock.picking", "action_assign", [picking])
    return picking


def test_operator_work_recorded_and_private(rpc, delivery):
    operator = rpc("warehouse_operator")
    operator.call("stock.picking", "action_ecom_start_step", [delivery])
    # Validate > Immediate Transfer, as the web client does (button_validate's
    # answer carries a context XML-RPC cannot marshal)
    wizard = operator.call("stock.immediate.transfer", "create",
                           {"pick_ids": [(4, delivery)]})
    operator.call("stock.immediate.transfer", "process", [wizard])
    steps = operator.call("ecom.staff.step", "search_read",
                          [("picking_id", "=", delivery)],
                          fields=["role", "lines", "units", "timed", "user_id"])
    assert sorted(step["role"] for step in steps) == ["pick", "ship"]
    assert all(step["units"] == 3 for step in steps)
    pick = [step for step in steps if step["role"] == "pick"][0]
    assert pick["timed"]
    manager = rpc("warehouse_manager")
    manager.call("ecom.staff.kpi", "action_refresh")
    mine = operator.call("ecom.staff.kpi", "search_read", [],
                         fields=["user_id", "role", "lines", "orders_shipped"])
    assert mine and {row["user_id"][0] for row in mine} == {pick["user_id"][0]}
    team = manager.call("ecom.staff.step", "search_count", [])
    assert team >= operator.call("ecom.staff.step", "search_count", [])
    # the operator neither reads the sales facts nor recomputes the figures
    with pytest.raises(xmlrpc.client.Fault):
        operator.call("ecom.sales.daily", "search_read", [], fields=["revenue"])
    with pytest.raises(xmlrpc.client.Fault):
        operator.call("ecom.staff.kpi", "action_refresh")


def test_planner_facts_match_sale_report(rpc, require_addons):
    require_addons("ecom_analytics")
    admin = rpc("admin")
    channel = admin.call("ecom.channel", "search", [], limit=1)[0]
    product = admin.call("product.product", "create", {
        "name": "RPC analytics sold", "type": "consu", "list_price": 12.5})
    partner = admin.call("res.partner", "create", {"name": "RPC analytics buyer"})
    order = admin.call("sale.order", "create", {
        "partner_id": partner, "ecom_channel_id": channel,
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 4,
                               "price_unit": 12.5, "tax_id": [(5, 0, 0)]})]})
    admin.call("sale.order", "action_confirm", [order])
    planner = rpc("purchase_planner")
    run = planner.call("ecom.sales.rebuild", "create", {})
    planner.call("ecom.sales.rebuild", "action_run", [run])
    done = planner.call("ecom.sales.rebuild", "read", [run],
                        ["state", "progress"])[0]
    assert done["state"] == "done" and done["progress"] == 100.0
    facts = planner.call(
        "ecom.sales.daily", "read_group",
        [("channel_id", "!=", False), ("product_id", "=", product)],
        ["channel_id", "date", "revenue", "units"], ["channel_id", "date:week"],
        lazy=False)
    report = rpc("admin").call(
        "sale.report", "read_group",
        [("ecom_channel_id", "!=", False), ("state", "in", ("sale", "done")),
         ("product_id", "=", product)],
        ["ecom_channel_id", "date", "price_subtotal", "product_uom_qty"],
        ["ecom_channel_id", "date:week"], lazy=False)

    def totals(groups, channel, revenue):
        result = {}
        for group in groups:
            key = group[channel][0]
            result[key] = result.get(key, 0.0) + group[revenue]
        return {key: round(value, 2) for key, value in result.items()}
    assert facts
    assert totals(facts, "channel_id", "units") == totals(
        report, "ecom_channel_id", "product_uom_qty")
    # sale.report converts to the currency of rate 1; the facts to the
    # company's currency (the same when the company's currency has rate 1)
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]
    currency = admin.call("res.company", "read", [company["company_id"][0]],
                          ["currency_id"])[0]["currency_id"][0]
    rate = admin.call("res.currency", "read", [currency], ["rate"])[0]["rate"]
    expected = totals(report, "ecom_channel_id", "price_subtotal")
    got = totals(facts, "channel_id", "revenue")
    assert set(got) == set(expected)
    for channel_id, value in expected.items():
        assert got[channel_id] == pytest.approx(value * rate, rel=1e-3)
