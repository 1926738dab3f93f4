"""ecom_channel over real XML-RPC against the live 2-worker server (demo data).

The integration user (API role) imports orders into the demo channels, reads
the stock it may advertise and follows its orders; it cannot read customers.
"""
import threading
import uuid
import xmlrpc.client

import pytest

from harness import roles
from harness.rpc import login_as


@pytest.fixture(autouse=True)
def _needs_channel(require_addons):
    require_addons("ecom_channel")


def payload(ref, paid=True, sku="TEA-LJ-250", qty=1, **extra):
    order = {
        "external_ref": ref,
        "ordered_at": "2026-11-20 08:30:00",
        "currency": "CNY",
        "paid": paid,
        "customer": {"external_id": "acct-" + ref, "name": "Han Meimei",
                     "email": "%s@example.com" % ref.lower(), "phone": "13800138000"},
        "shipping": {"name": "Han Meimei", "phone": "13800138000",
                     "street": "88 Huaihai Road", "city": "Shanghai",
                     "zip": "200031", "country_code": "CN"},
        "lines": [{"sku": sku, "qty": qty, "price_unit": 118.0},
                  {"sku": "MUG-CEL-01", "qty": 1, "price_unit": 59.0}],
        "shipping_method": "SF Express",
    }
    order.update(extra)
    return order


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def test_import_export_status_as_integration_user(rpc):
    api = rpc("integration")
    ref = unique("RPC")
    shipping = dict(payload("x")["shipping"], country_code="ZZ")
    bad = payload(unique("BAD"), shipping=shipping)
    result = api.call("ecom.channel", "import_orders", "TMALL",
                      [payload(ref), bad, payload(unique("Q"), paid=False)])
    assert [r["status"] for r in result] == ["created", "rejected", "created"]
    assert result[0]["order_name"].startswith("TMALL/")
    assert result[1]["error_code"] == "unknown_country"
    assert "shipping.country_code" in result[1]["message"]
    again = api.call("ecom.channel", "import_orders", "TMALL", [payload(ref)])
    assert again[0]["status"] == "exists"
    assert again[0]["order_id"] == result[0]["order_id"]

    stock = api.call("ecom.channel", "export_stock", "TMALL",
                     skus=["TEA-LJ-250", "TRAY-BAM-01"])
    by_sku = {row["sku"]: row["available_qty"] for row in stock}
    assert by_sku["TRAY-BAM-01"] == 0
    assert isinstance(by_sku["TEA-LJ-250"], int) and by_sku["TEA-LJ-250"] > 0
    # same figure as the formula over the ORM's numbers (read as admin)
    admin = rpc("admin")
    tea = admin.call("product.product", "search_read",
                     [["default_code", "=", "TEA-LJ-250"]], fields=["id"])[0]
    channel = admin.call("ecom.channel", "search_read", [["code", "=", "TMALL"]],
                         fields=["warehouse_id", "stock_share_percent",
                                 "stock_buffer_qty", "stock_cap_qty"])[0]
    view = admin.call("stock.warehouse", "read", [channel["warehouse_id"][0]],
                      ["view_location_id"])[0]["view_location_id"][0]
    # the channel's warehouse only (the demo business has other warehouses)
    quants = admin.call("stock.quant", "read_group",
                        [["product_id", "=", tea["id"]],
                         ["location_id", "child_of", view],
                         ["location_id.usage", "=", "internal"]],
                        ["quantity", "reserved_quantity"], [])
    free = quants[0]["quantity"] - quants[0]["reserved_quantity"]
    expected = max(0, int((free - channel["stock_buffer_qty"])
                          * channel["stock_share_percent"] / 100.0 + 1e-6))
    assert by_sku["TEA-LJ-250"] == expected

    status = api.call("ecom.channel", "order_status", "TMALL",
                      [ref, result[2]["external_ref"], "NO-SUCH-REF"])
    assert [s["state"] for s in status] == ["confirmed", "quotation", "unknown"]
    assert status[0]["carrier"] == "SF Express"


def test_integration_user_cannot_read_customers(rpc):
    api = rpc("integration")
    api.call("ecom.channel", "import_orders", "WEB", [payload(unique("PII"))])
    for model, fields in (("res.partner", ["name", "email", "phone"]),
                          ("sale.order", ["partner_id"]),
                          ("stock.picking", ["partner_id"])):
        with pytest.raises(xmlrpc.client.Fault) as caught:
            api.call(model, "search_read", [], fields=fields, limit=1)
        assert "AccessError" in caught.value.faultString or \
            "access" in caught.value.faultString.lower()
    # and the answers of the API carry no personal data
    status = api.call("ecom.channel", "order_status", "WEB", ["x"])
    assert set(status[0]) == {"external_ref", "state", "order_id", "order_name",
                              "carrier", "tracking_ref", "shipped_at"}


def test_staff_without_the_role_cannot_import(rpc):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        rpc("warehouse_operator").call("ecom.channel", "import_orders", "WEB",
                                       [payload(unique("WH"))])
    # refused by the access gate before the method's own role check runs
    assert "import_orders on ecom.channel (e-commerce access gate)" in \
        caught.value.faultString


def test_four_clients_same_50_refs_at_once_give_50_orders(odoo_server, rpc):
    refs = [unique("PAR%02d" % i) for i in range(50)]
    batch = [payload(ref) for ref in refs]
    user = roles.BY_ROLE["integration"]
    answers, errors = [None] * 4, []
    barrier = threading.Barrier(4)

    def send(index):
        client = login_as(odoo_server, user)   # one connection per client
        barrier.wait()
        try:
            answers[index] = client.call("ecom.channel", "import_orders", "WEB", batch)
        except Exception as error:  # noqa: B902 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert not errors, errors
    admin = rpc("admin")
    orders = admin.call("sale.order", "search_read",
                        [["ecom_external_ref", "in", refs]],
                        fields=["ecom_external_ref", "order_line"])
    assert len(orders) == 50
    assert all(len(order["order_line"]) == 2 for order in orders)
    ids = {order["ecom_external_ref"]: order["id"] for order in orders}
    created = 0
    for answer in answers:
        assert [row["external_ref"] for row in answer] == refs
        for row in answer:
            assert row["status"] in ("created", "exists"), row
            assert row["order_id"] == ids[row["external_ref"]]
            assert not row["message"]
            created += row["status"] == "created"
    assert created == 50
    # one customer per buyer account
    partners = admin.call("res.partner", "search_count",
                          [["ecom_customer_ref", "in", ["acct-" + r for r in refs]]])
    assert partners == 50


def test_api_key_works_as_password_until_revoked(odoo_server, rpc):
    from harness.rpc import RpcClient
    manager = rpc("customer_service_manager")
    integration_uid = rpc("integration").uid
    answer = manager.call("ecom.api.key", "create_key", integration_uid, "Test shop")
    key = answer["key"]
    assert key.startswith("ecomk_") and len(key) > 40
    shop = RpcClient(odoo_server.url, odoo_server.db, "integration", key)
    assert shop.uid == integration_uid
    ref = unique("KEY")
    result = shop.call("ecom.channel", "import_orders", "WEB", [payload(ref)])
    assert result[0]["status"] == "created"
    row = manager.call("ecom.api.key", "read", [answer["id"]],
                       ["key_hint", "last_used_at", "active"])[0]
    assert row["last_used_at"] and row["active"]
    assert key not in str(row) and row["key_hint"] == key[:10]
    # the hash is for system administrators only
    with pytest.raises(xmlrpc.client.Fault):
        manager.call("ecom.api.key", "read", [answer["id"]], ["key_hash"])
    manager.call("ecom.api.key", "action_revoke", [answer["id"]])
    with pytest.raises(xmlrpc.client.Fault):     # at once, in every worker
        for _attempt in range(4):
            shop.call("ecom.channel", "order_status", "WEB", [ref])
    with pytest.raises(PermissionError):
        RpcClient(odoo_server.url, odoo_server.db, "integration", key)
