"""ecom_reorder over XML-RPC: the purchase planner plans, others cannot."""
import xmlrpc.client

import pytest


@pytest.fixture
def scenario(rpc, require_addons):
    """Admin sets up what a catalogue would hold: a vendor, two storable
    products bought from it, their fixed reorder rules in the main warehouse."""
    require_addons("ecom_reorder")
    admin = rpc("admin")
    warehouse = admin.call("stock.warehouse", "search_read", [],
                           fields=["lot_stock_id"], limit=1)[0]
    vendor = admin.call("res.partner", "create",
                        {"name": "RPC reorder vendor", "supplier": True})
    buy = admin.ref("purchase.route_warehouse0_buy")
    rules = []
    for name, max_qty in (("RPC reorder A", 12), ("RPC reorder B", 30)):
        product = admin.call("product.product", "create", {
            "name": name, "type": "product", "route_ids": [(6, 0, [buy])],
            "seller_ids": [(0, 0, {"name": vendor, "price": 3.5, "delay": 4})]})
        rules.append(admin.call("stock.warehouse.orderpoint", "create", {
            "product_id": product, "warehouse_id": warehouse["id"],
            "location_id": warehouse["lot_stock_id"][0],
            "product_min_qty": 2, "product_max_qty": max_qty}))
    return {"warehouse": warehouse["id"], "vendor": vendor, "rules": rules}


def test_planner_runs_replenishment(rpc, scenario):
    planner = rpc("purchase_planner")
    run = planner.call("ecom.replenishment.run", "create",
                       {"warehouse_ids": [(6, 0, [scenario["warehouse"]])]})
    planner.call("ecom.replenishment.run", "action_run", [run])
    summary = planner.call("ecom.replenishment.run", "read", [run], [
        "state", "rules_checked", "rfq_created", "rfq_updated", "lines_count",
        "seconds", "summary"])[0]
    assert summary["state"] == "done"
    assert summary["rules_checked"] >= 2
    assert summary["lines_count"] >= 2
    assert "rules checked" in summary["summary"]
    lines = planner.call(
        "purchase.order.line", "search_read",
        [("orderpoint_id", "in", scenario["rules"]), ("state", "=", "draft")],
        fields=["product_qty", "partner_id", "ecom_vendor_reason", "price_unit"])
    assert sorted(line["product_qty"] for line in lines) == [12, 30]
    assert {line["partner_id"][0] for line in lines} == {scenario["vendor"]}
    assert all(line["price_unit"] == 3.5 for line in lines)
    assert all("score" in line["ecom_vendor_reason"] for line in lines)


def test_planner_gets_demand_suggestions(rpc, scenario):
    planner = rpc("purchase_planner")
    rule = scenario["rules"][0]
    planner.call("stock.warehouse.orderpoint", "write", [rule],
                 {"reorder_policy": "demand", "safety_days": 2})
    planner.call("stock.warehouse.orderpoint", "action_compute_suggestions", [rule])
    data = planner.call("stock.warehouse.orderpoint", "read", [rule], [
        "demand_explanation", "suggested_min_qty", "suggestion_state",
        "forecast_qty"])[0]
    # no sales yet: nothing to keep, explained
    assert data["demand_explanation"].startswith("0.0/day over 90 d")
    assert data["suggested_min_qty"] == 0
    assert data["suggestion_state"] == "review"


def test_planner_manages_promotions_and_reads_scorecard(rpc, scenario):
    planner = rpc("purchase_planner")
    categ = rpc("admin").ref("product.product_category_all")
    promo = planner.call("ecom.promotion", "create", {
        "name": "RPC promo", "date_from": "2030-01-01", "date_to": "2030-01-10",
        "uplift_percent": 25, "categ_ids": [(6, 0, [categ])]})
    assert promo
    with pytest.raises(xmlrpc.client.Fault) as error:
        planner.call("ecom.promotion", "create", {
            "name": "RPC bad", "date_from": "2030-01-10", "date_to": "2030-01-01",
            "categ_ids": [(6, 0, [categ])]})
    assert "date_to" in error.value.faultString
    cards = planner.call("ecom.vendor.scorecard", "search_read",
                         [("partner_id", "=", scenario["vendor"])],
                         fields=["receipt_count", "late_open_lines"])
    assert cards and cards[0]["receipt_count"] == 0


def test_other_roles_cannot_run_replenishment(rpc, scenario):
    for role in ("warehouse_operator", "customer_service", "integration"):
        with pytest.raises(xmlrpc.client.Fault) as error:
            rpc(role).call("ecom.replenishment.run", "create", {})
        # refused by the access gate (none of these roles may create runs)
        assert "create on ecom.replenishment.run (e-commerce access gate)" in \
            error.value.faultString, role
