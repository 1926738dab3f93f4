"""ecom_channel over real XML-RPC: bad arguments answer a stable code naming the
field (never a traceback), and imported records name the integration user who
wrote them (live 2-worker server, demo data)."""
import uuid
import xmlrpc.client

import pytest

from test_channel_rpc import payload


@pytest.fixture(autouse=True)
def _needs_channel(require_addons):
    require_addons("ecom_channel")


def fault(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(*args, **kwargs)
    text = caught.value.faultString
    assert "Traceback" not in text, text
    code, _sep, message = text.partition(": ")
    return code, message


def test_bad_arguments_answer_codes(rpc):
    api = rpc("integration")
    call = api.call
    code, message = fault(call, "ecom.channel", "export_stock", "NOPE")
    assert (code, message.split(":")[0]) == ("unknown_channel", "channel_code")
    assert fault(call, "ecom.channel", "export_stock", "TMALL", skus="TEA")[0] == \
        "invalid_type"
    code, message = fault(call, "ecom.channel", "order_status", "TMALL", "TM-1")
    assert (code, message.split(" ")[0]) == ("invalid_type", "external_refs")
    code, message = fault(call, "ecom.channel", "order_status", "TMALL",
                          ["R"] * 5001)
    assert (code, message.split(" ")[0]) == ("too_large", "external_refs")
    assert fault(call, "ecom.channel", "order_status", "NOPE", [])[0] == \
        "unknown_channel"
    code, message = fault(call, "ecom.channel", "import_orders", "TMALL", "x")
    assert (code, message.split(" ")[0]) == ("invalid_type", "orders")

    manager = rpc("customer_service_manager")
    code, message = fault(manager.call, "ecom.api.key", "create_key", "x", "Shop")
    assert (code, message.split(" ")[0]) == ("invalid_type", "user_id")
    code, message = fault(manager.call, "ecom.api.key", "create_key",
                          rpc("customer_service").uid, "Shop")
    assert (code, message.split(":")[0]) == ("not_integration_user", "user_id")
    assert fault(manager.call, "ecom.api.key", "create_key", api.uid, "")[0] == \
        "missing_field"


def test_imported_records_name_the_integration_user(rpc):
    api, admin = rpc("integration"), rpc("admin")
    ref = "WHO-%s" % uuid.uuid4().hex[:8]
    row = api.call("ecom.channel", "import_orders", "TMALL", [payload(ref)])[0]
    assert row["status"] == "created"
    order = admin.call("sale.order", "read", [row["order_id"]],
                       ["create_uid", "write_uid", "order_line", "picking_ids",
                        "partner_id", "partner_shipping_id"])[0]
    assert order["create_uid"][0] == api.uid and order["write_uid"][0] == api.uid
    for model, ids in (("sale.order.line", order["order_line"]),
                       ("stock.picking", order["picking_ids"]),
                       ("res.partner", [order["partner_id"][0],
                                        order["partner_shipping_id"][0]])):
        assert ids, model
        for record in admin.call(model, "read", ids, ["create_uid", "write_uid"]):
            assert record["create_uid"][0] == api.uid, (model, record)
            assert record["write_uid"][0] == api.uid, (model, record)
    logs = admin.call("ecom.import.log", "search_read",
                      [["order_ids", "in", [row["order_id"]]]], ["user_id"])
    assert [log["user_id"][0] for log in logs] == [api.uid]
