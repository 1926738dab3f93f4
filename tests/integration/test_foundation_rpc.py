"""XML-RPC against a real 2-worker server, as every demo role."""
import xmlrpc.client

import pytest

from harness import roles


def test_server_is_odoo_11(odoo_server, rpc):
    version = rpc("admin").common.version()
    assert version["server_version"].startswith("11.0")
    assert version["protocol_version"] == 1


@pytest.mark.parametrize("user", roles.DEMO_USERS, ids=lambda u: u.role)
def test_each_role_logs_in_and_holds_its_group(rpc, user):
    client = rpc(user.role)
    assert client.uid
    # execute_kw as the role itself: has_group on its own user record.
    me = client.call("res.users", "read", [client.uid], ["login"])[0]
    assert me["login"] == user.login
    assert client.call("res.users", "has_group", user.group) is True


@pytest.mark.parametrize("user", roles.DEMO_USERS, ids=lambda u: u.role)
def test_menu_visibility_per_role(rpc, user):
    """Every staff role sees the E-commerce top menu; the API role sees none."""
    client = rpc(user.role)
    if not user.sees_menu:
        # The API-only role is no employee: it may not even read menus.
        with pytest.raises(xmlrpc.client.Fault, match="ir.ui.menu"):
            client.call("ir.ui.menu", "load_menus", False)
        return
    menus = client.call("ir.ui.menu", "load_menus", False)
    top = {menu["name"] for menu in menus["children"]}
    assert "E-commerce" in top, top


def test_roles_imply_the_standard_groups(rpc):
    admin = rpc("admin")
    expectations = {
        "warehouse_operator": ["stock.group_stock_user"],
        "warehouse_manager": [
            "stock.group_stock_manager", "ecom_base.group_warehouse_operator",
        ],
        "customer_service": ["sales_team.group_sale_salesman"],
        "customer_service_manager": ["ecom_base.group_customer_service"],
        "purchase_planner": ["purchase.group_purchase_user"],
    }
    for role, groups in expectations.items():
        client = rpc(role)
        for group in groups:
            assert client.call("res.users", "has_group", group), (role, group)
    # The warehouse operator is not made a stock manager or a salesman by the role.
    operator = rpc("warehouse_operator")
    assert not operator.call("res.users", "has_group", "stock.group_stock_manager")
    assert not operator.call("res.users", "has_group", "sales_team.group_sale_salesman")
    assert admin.call("res.users", "has_group", "ecom_base.group_privacy_officer")


def test_wrong_password_is_refused(odoo_server):
    from harness.rpc import RpcClient
    with pytest.raises(PermissionError):
        RpcClient(odoo_server.url, odoo_server.db, "wh_operator", "not-the-password")
