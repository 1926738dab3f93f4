"""After the demo data (ecom_demo_cn), every staff role finds work on its
main e-commerce screen (issue #12): the records of the screen's action, as
the role reads them over XML-RPC, are not empty."""
import pytest

MAIN_SCREENS = [
    # (role, menu of the role's main screen, what "work" means there)
    ("customer_service", "ecom_channel.sale_order_channel_menu", []),
    ("customer_service_manager", "ecom_channel.sale_order_channel_menu", []),
    ("warehouse_operator", "ecom_channel.stock_picking_channel_menu",
     [("state", "=", "assigned")]),
    ("warehouse_manager", "ecom_bin_location.ecom_bin_count_plan_menu", []),
    ("purchase_planner", "ecom_reorder.stock_warehouse_orderpoint_menu",
     [("demand_explanation", "!=", False)]),
]


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_demo_cn", "ecom_channel", "ecom_reorder", "ecom_bin_location")


def _action(admin, menu_xmlid):
    menu_id = admin.call("ir.model.data", "xmlid_to_res_id", menu_xmlid)
    assert menu_id, menu_xmlid
    action = admin.call("ir.ui.menu", "read", [menu_id], ["action"])[0]["action"]
    model, action_id = action.split(",")
    return admin.call(model, "read", [int(action_id)], ["res_model", "domain"])[0]


@pytest.mark.parametrize("role,menu,work", MAIN_SCREENS,
                         ids=[screen[0] for screen in MAIN_SCREENS])
def test_main_screen_shows_work(rpc, role, menu, work):
    admin = rpc("admin")
    action = _action(admin, menu)
    client = rpc(role)
    domain = eval(action["domain"] or "[]", {"uid": client.uid})  # noqa: S307
    count = client.call(action["res_model"], "search_count", domain + work)
    assert count > 0, "%s: %s shows no work" % (role, menu)


def test_planner_sees_suggestions_and_late_vendor(rpc):
    planner = rpc("purchase_planner")
    rules = planner.call("stock.warehouse.orderpoint", "search_read",
                         [("demand_explanation", "!=", False)],
                         fields=["demand_explanation", "suggested_min_qty"], limit=5)
    assert rules and all("/day" in rule["demand_explanation"] for rule in rules), rules
    cards = planner.call("ecom.vendor.scorecard", "search_read",
                         [("receipt_count", ">", 0)], fields=["on_time_rate"])
    assert cards and min(card["on_time_rate"] for card in cards) < 100, cards
