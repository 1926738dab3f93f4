"""ecom_margin over XML-RPC, as the roles: finance reads margins, planners read
costs, the integration imports shipping costs only, warehouse and customer
service see no margin at all; no customer data in the answers."""
import time
import xmlrpc.client

import pytest

CUSTOMER = "Margin RPC Canary Customer Wu"


@pytest.fixture(scope="module")
def scenario(rpc, installed_addons):
    """Admin: a standard-costed product (6.00) received, a confirmed order of the
    demo Tmall channel for a named customer."""
    if "ecom_margin" not in installed_addons:
        pytest.skip("not installed in this run: ecom_margin")
    admin = rpc("admin")
    channel = admin.call("ecom.channel", "search_read", [("code", "=", "TMALL")],
                         fields=["warehouse_id", "pricelist_id"])[0]
    wh = admin.call("stock.warehouse", "read", [channel["warehouse_id"][0]],
                    ["lot_stock_id", "in_type_id"])[0]
    product = admin.call("product.product", "create", {
        "name": "Margin RPC tea", "type": "product", "default_code": "MRPC-TEA",
        "standard_price": 6.0})
    supplier = admin.ref("stock.stock_location_suppliers")
    receipt = admin.call("stock.picking", "create", {
        "picking_type_id": wh["in_type_id"][0], "location_id": supplier,
        "location_dest_id": wh["lot_stock_id"][0],
        "move_lines": [(0, 0, {"name": "tea", "product_id": product,
                               "product_uom_qty": 5, "product_uom": 1,
                               "price_unit": 6.0, "location_id": supplier,
                               "location_dest_id": wh["lot_stock_id"][0]})]})
    admin.call("stock.picking", "action_confirm", [receipt])
    admin.call("stock.picking", "action_assign", [receipt])
    moves = admin.call("stock.move", "search_read", [("picking_id", "=", receipt)],
                       fields=["product_uom_qty"])
    admin.call("stock.move", "write", [moves[0]["id"]], {"quantity_done": 5})
    admin.call("stock.picking", "action_done", [receipt])
    partner = admin.call("res.partner", "create", {"name": CUSTOMER})
    ref = "MRPC-%d" % (time.time() * 1000)     # the database outlives a run
    order = admin.call("sale.order", "create", {
        "partner_id": partner, "ecom_channel_id": channel["id"],
        "ecom_external_ref": ref,
        "warehouse_id": channel["warehouse_id"][0],
        "pricelist_id": channel["pricelist_id"][0],
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2,
                               "price_unit": 20.0})]})
    admin.call("sale.order", "action_confirm", [order])
    return {"order": order, "product": product, "warehouse": wh["id"], "ref": ref}


def test_finance_reads_margins_without_customer_data(rpc, scenario):
    finance = rpc("finance")
    lines = finance.call("ecom.margin.line", "search_read",
                         [("order_id", "=", scenario["order"])])
    assert len(lines) == 1
    line = lines[0]
    assert line["state"] == "estimated"
    assert line["cost"] == pytest.approx(12.0)        # 2 x 6.00
    # 40.00 in the channel's currency, in company currency
    assert line["revenue"] > 0
    assert line["margin"] == pytest.approx(
        line["revenue"] - line["cost"] - line["fee"] - line["shipping"]
        - line["packaging"] - line["return_cost"], abs=0.02)
    assert CUSTOMER not in repr(lines)
    groups = finance.call("ecom.margin.line", "read_group",
                          [("order_id", "=", scenario["order"])],
                          ["revenue", "margin", "margin_percent", "channel_id",
                           "date"],
                          ["channel_id", "date:month"], lazy=False)
    assert groups[0]["margin_percent"] == pytest.approx(
        round(100.0 * groups[0]["margin"] / groups[0]["revenue"], 2))
    assert CUSTOMER not in repr(groups)
    costs = finance.call("ecom.warehouse.cost", "search_read",
                         [("product_id", "=", scenario["product"]),
                          ("is_last", "=", True)], fields=["avg_cost"])
    assert [c["avg_cost"] for c in costs] == [6.0]


def test_planner_sees_costs_not_margins(rpc, scenario):
    planner = rpc("purchase_planner")
    costs = planner.call("ecom.warehouse.cost", "search_read",
                         [("product_id", "=", scenario["product"])],
                         fields=["avg_cost", "kind"])
    assert costs and costs[0]["avg_cost"] == 6.0
    with pytest.raises(xmlrpc.client.Fault):
        planner.call("ecom.margin.line", "search_read", [])
    wizard = planner.call("ecom.break.even.refresh", "create", {})
    action = planner.call("ecom.break.even.refresh", "action_refresh", [wizard])
    assert action["res_model"] == "ecom.break.even.line"


@pytest.mark.parametrize("role", ["warehouse_operator", "warehouse_manager",
                                  "customer_service", "customer_service_manager",
                                  "integration"])
def test_no_margins_or_costs_for_other_roles(rpc, scenario, role):
    client = rpc(role)
    for model in ("ecom.margin.line", "ecom.warehouse.cost"):
        with pytest.raises(xmlrpc.client.Fault):
            client.call(model, "search_read", [], fields=["margin"]
                        if model == "ecom.margin.line" else ["avg_cost"])


def test_integration_imports_shipping_costs(rpc, scenario):
    integration = rpc("integration")
    admin = rpc("admin")
    # the currency of the order's company (the demo may hold other companies)
    company = admin.call("sale.order", "read", [scenario["order"]],
                         ["company_id"])[0]["company_id"][0]
    currency = admin.call("res.company", "read", [company],
                          ["currency_id"])[0]["currency_id"][1]
    ref = scenario["ref"]
    items = [{"order_ref": ref, "cost": 7.5, "currency": currency},
             {"order_ref": "NO-SUCH-ORDER", "cost": 1.0, "currency": currency},
             {"tracking_ref": "T-" + ref, "cost": 7.5, "currency": "XXX"}]
    first = integration.call("ecom.channel", "import_shipping_costs", "TMALL", items)
    assert [r["status"] for r in first] == ["created", "rejected", "rejected"]
    assert [r["error_code"] for r in first] == [False, "unknown_order",
                                                "unknown_currency"]
    assert first[0]["order_id"] == scenario["order"]
    again = integration.call("ecom.channel", "import_shipping_costs", "TMALL",
                             items[:1])
    assert again[0]["status"] == "unchanged"
    assert CUSTOMER not in repr(first + again)
    finance = rpc("finance")
    line = finance.call("ecom.margin.line", "search_read",
                        [("order_id", "=", scenario["order"])],
                        fields=["shipping"])[0]
    assert line["shipping"] == pytest.approx(7.5)
    # the integration reads nothing else of the add-on
    with pytest.raises(xmlrpc.client.Fault):
        integration.call("ecom.shipping.cost", "search_read", [])
    too_many = integration.call("ecom.channel", "import_shipping_costs", "TMALL",
                                [{"order_ref": "x"}] * 1001)
    assert {r["error_code"] for r in too_many} == {"too_large"}
