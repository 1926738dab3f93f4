"""ecom_rma over real XML-RPC against the live 2-worker server (demo data).

The integration user opens after-sales cases on delivered orders (4 parallel
clients sending the same batch give each case once), the warehouse operator
finds a case by its return tracking number, receives, inspects and validates
it without any customer data reaching it, and the shop reads the status.
"""
import threading
import uuid
import xmlrpc.client

import pytest

from harness import roles
from harness.rpc import login_as

CUSTOMER = "Rmacanary %s Family"


@pytest.fixture(autouse=True)
def _needs_rma(require_addons):
    require_addons("ecom_channel", "ecom_rma")


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def order(ref, token):
    return {
        "external_ref": ref, "ordered_at": "2026-11-20 08:30:00",
        "currency": "CNY", "paid": True,
        "customer": {"external_id": "rma-" + ref, "name": CUSTOMER % token,
                     "email": "rmacanary-%s@example.com" % token,
                     "phone": "13912345678"},
        "shipping": {"name": CUSTOMER % token, "phone": "13912345678",
                     "street": "%s Canary Road" % token, "city": "Shanghai",
                     "zip": "200031", "country_code": "CN"},
        "lines": [{"sku": "TEA-LJ-250", "qty": 2, "price_unit": 118.0},
                  {"sku": "MUG-CEL-01", "qty": 2, "price_unit": 59.0}],
        "shipping_method": "SF Express",
    }


def ship(admin, order_ids):
    """The warehouse ships the orders (admin: a fixture, not the subject)."""
    orders = admin.call("sale.order", "read", order_ids, ["picking_ids"])
    pickings = [p for o in orders for p in o["picking_ids"]]
    moves = admin.call("stock.move", "search_read",
                       [["picking_id", "in", pickings]],
                       fields=["product_uom_qty"])
    for move in moves:
        admin.call("stock.move", "write", [move["id"]],
                   {"quantity_done": move["product_uom_qty"]})
    admin.call("stock.picking", "action_done", pickings)


@pytest.fixture(scope="module")
def shipped(rpc):
    """20 shipped WEB orders of one canary customer each."""
    api, admin = rpc("integration"), rpc("admin")
    token = uuid.uuid4().hex[:8]
    refs = [unique("RMAO%02d" % i) for i in range(20)]
    rows = api.call("ecom.channel", "import_orders", "WEB",
                    [order(ref, token) for ref in refs])
    assert all(row["status"] == "created" for row in rows), rows[:2]
    ship(admin, [row["order_id"] for row in rows])
    return refs, token


def ret(ref, order_ref, **extra):
    payload = {
        "external_ref": ref, "order_ref": order_ref, "type": "return_refund",
        "reason": "damaged", "requested_at": "2026-11-25 10:00:00",
        "refund_amount": 118.0, "return_tracking_ref": "SF" + ref,
        "lines": [{"sku": "TEA-LJ-250", "qty": 1}, {"sku": "MUG-CEL-01", "qty": 1}],
    }
    payload.update(extra)
    return payload


def test_four_clients_same_returns_at_once_give_each_case_once(
        odoo_server, rpc, shipped):
    refs, _token = shipped
    cases = [unique("PRMA%02d" % i) for i in range(20)]
    batch = [ret(case, order_ref) for case, order_ref in zip(cases, refs)]
    user = roles.BY_ROLE["integration"]
    answers, errors = [None] * 4, []
    barrier = threading.Barrier(4)

    def send(index):
        client = login_as(odoo_server, user)   # one connection per client
        barrier.wait()
        try:
            answers[index] = client.call("ecom.channel", "import_returns", "WEB",
                                         batch)
        except Exception as error:  # noqa: B902 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert not errors, errors
    admin = rpc("admin")
    rmas = admin.call("ecom.rma", "search_read", [["external_ref", "in", cases]],
                      fields=["external_ref", "line_ids", "picking_ids", "state"])
    assert len(rmas) == 20
    assert all(len(r["line_ids"]) == 2 and len(r["picking_ids"]) == 1
               and r["state"] == "awaiting_return" for r in rmas)
    ids = {r["external_ref"]: r["id"] for r in rmas}
    created = 0
    for answer in answers:
        assert [row["external_ref"] for row in answer] == cases
        for row in answer:
            assert row["status"] in ("created", "exists"), row
            assert row["rma_id"] == ids[row["external_ref"]]
            created += row["status"] == "created"
    assert created == 20
    # a second case asking the same units back again is refused
    again = rpc("integration").call("ecom.channel", "import_returns", "WEB", [
        ret(unique("DUP"), refs[0], lines=[{"sku": "TEA-LJ-250", "qty": 2}])])
    assert again[0]["error_code"] == "qty_exceeds_delivered", again


def test_warehouse_receives_and_inspects_without_customer_data(rpc, shipped):
    refs, token = shipped
    api, operator = rpc("integration"), rpc("warehouse_operator")
    case = unique("WRMA")
    created = api.call("ecom.channel", "import_returns", "WEB", [
        ret(case, refs[-1], note="call %s at 13912345678" % (CUSTOMER % token))])[0]
    assert created["status"] == "created", created
    found = operator.call("ecom.rma", "ecom_rma_scan", "SF" + case)
    assert found == [created["rma_id"]]
    answers = [operator.call("ecom.rma", "read", found),
               operator.call("ecom.rma", "fields_get"),
               operator.call("ecom.rma", "load_views", [[False, "form"]])]
    line_ids = answers[0][0]["line_ids"]
    answers.append(operator.call("ecom.rma.line", "read", line_ids))
    for line_id in line_ids:
        operator.call("ecom.rma.line", "write", [line_id], {"qty_received": 1})
    operator.call("ecom.rma", "action_receive", found)
    conditions = [("A", "restock"), ("B", "outlet")]
    for line_id, (condition, disposition) in zip(line_ids, conditions):
        operator.call("ecom.rma.line", "write", [line_id],
                      {"condition": condition, "disposition": disposition})
    operator.call("ecom.rma", "action_inspect", found)
    operator.call("ecom.rma", "action_validate", found)
    answers.append(operator.call("ecom.rma", "read", found))
    text = repr(answers)
    for secret in (token, "13912345678", "Canary Road"):
        assert secret not in text
    assert answers[-1][0]["state"] == "done"
    with pytest.raises(xmlrpc.client.Fault):
        operator.call("ecom.rma", "read", found, ["partner_id"])
    status = api.call("ecom.channel", "return_status", "WEB", [case])[0]
    assert status["state"] == "done"
    assert status["qty_received"] == 2.0
    assert status["amount_refunded"] == 118.0
    assert token not in repr(status)
