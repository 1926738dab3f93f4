"""SIGKILL in the middle of a batch, then resend: no duplicate, no partial order.

Uses its own 2-worker server on the test database, so the shared server of the
other tests keeps running.
"""
import os
import threading
import time
import uuid

import pytest

from harness import roles
from harness.liveserver import LiveServer
from harness.rpc import login_as


@pytest.fixture
def own_server(require_addons):
    require_addons("ecom_channel")
    server = LiveServer(os.environ["ECOM_ODOO_CONF"], os.environ["ECOM_TEST_DB"],
                        workers=2)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def order(ref):
    return {
        "external_ref": ref, "ordered_at": "2026-11-21 10:00:00", "currency": "CNY",
        "paid": True,
        "customer": {"external_id": "crash-" + ref, "name": "Wei Ling"},
        "shipping": {"name": "Wei Ling", "street": "2 Wangfujing", "city": "Beijing",
                     "country_code": "CN"},
        # the demo SKU without stock: 500 paid orders reserve nothing that the
        # other tests count on (their deliveries wait for stock)
        "lines": [{"sku": "TRAY-BAM-01", "qty": 1, "price_unit": 100.0},
                  {"sku": "TRAY-BAM-01", "qty": 2, "price_unit": 50.0},
                  {"sku": "TRAY-BAM-01", "qty": 3, "price_unit": 250.0}],
    }


def test_kill_mid_batch_then_resend(own_server, rpc):
    user = roles.BY_ROLE["integration"]
    tag = uuid.uuid4().hex[:8]
    # the largest batch allowed: stored set-based, 500 orders still take
    # seconds, so the kill lands inside the batch's transaction
    refs = ["KILL-%s-%03d" % (tag, i) for i in range(500)]
    batch = [order(ref) for ref in refs]
    outcome = {}

    def send():
        client = login_as(own_server, user)
        try:
            outcome["result"] = client.call("ecom.channel", "import_orders", "JD",
                                            batch)
        except Exception as error:  # noqa: B902 - the crash is expected
            outcome["error"] = error

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(2.5)   # well inside the batch
    own_server.kill()
    thread.join(60)
    assert "error" in outcome, "the batch finished before the kill: make it larger"

    admin = rpc("admin")   # the shared server, same database
    left = admin.call("sale.order", "search_count", [["ecom_external_ref", "in", refs]])
    assert left == 0   # nothing of the interrupted batch was committed

    own_server.start()
    client = login_as(own_server, user)
    first = client.call("ecom.channel", "import_orders", "JD", batch)
    assert {row["status"] for row in first} == {"created"}
    second = client.call("ecom.channel", "import_orders", "JD", batch)
    assert {row["status"] for row in second} == {"exists"}
    assert [r["order_id"] for r in first] == [r["order_id"] for r in second]
    orders = admin.call("sale.order", "search_read",
                        [["ecom_external_ref", "in", refs]],
                        fields=["order_line", "state"])
    assert len(orders) == 500
    assert all(len(o["order_line"]) == 3 and o["state"] == "sale" for o in orders)
