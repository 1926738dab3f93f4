"""ecom_3pl end to end: a real Odoo (2 workers, job runner) and the fake 3PL.

The fake 3PL (tests/fake3pl/server.py) is a separate HTTP process on a free
port: it accepts the signed pushes, answers 500 / hangs when told to, and
confirms each delivery back through the signed webhook, duplicated or
reordered when told to. The Odoo server is this module's own, so it can be
killed (SIGKILL) and restarted in the last test.
"""
import os
import time
import uuid

import pytest

from fake3pl.server import Fake3PL
from harness import roles
from harness.liveserver import LiveServer
from harness.rpc import login_as

BACKEND = "SH3PL"
SECRET = "demo-3pl-secret"
SKUS = ("3PL-TEA-JAS", "3PL-TEA-OOL", "3PL-GAIWAN")


def wait_until(predicate, timeout=60, step=0.3, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting for %s" % what)


@pytest.fixture(scope="module")
def world(installed_addons, artifacts_dir):
    if "ecom_3pl" not in installed_addons:
        pytest.skip("not installed in this run: ecom_3pl")
    db = os.environ["ECOM_TEST_DB"]
    server = LiveServer(os.environ["ECOM_ODOO_CONF"], db, workers=2).start()
    fake = Fake3PL(SECRET, log_path=os.path.join(artifacts_dir, "fake3pl.log"))
    fake.start()
    admin = login_as(server, roles.ADMIN)
    backend = admin.call("ecom.3pl.backend", "search_read",
                         [["code", "=", BACKEND]],
                         ["id", "warehouse_id", "last_in_sequence"])[0]
    admin.call("ecom.3pl.backend", "write", [backend["id"]], {
        "base_url": fake.url, "backoff_base": 1, "timeout": 2,
        "max_attempts": 8, "gap_timeout": 60, "active": True})
    warehouse = admin.call("stock.warehouse", "read", [backend["warehouse_id"][0]],
                           ["out_type_id", "lot_stock_id"])[0]
    products = {p["default_code"]: p["id"] for p in admin.call(
        "product.product", "search_read", [["default_code", "in", list(SKUS)]],
        ["default_code"])}
    customer = admin.call("res.partner", "create", {
        "name": "Zhou Canary", "street": "7 Canary Lane", "city": "Shanghai",
        "zip": "200000", "phone": "+86 139 1111 2222",
        "email": "zhou.canary@example.com", "customer": True})
    state = {"server": server, "fake": fake, "admin": admin, "db": db,
             "backend_id": backend["id"], "warehouse": warehouse,
             "products": products, "customer": customer}
    # the fake numbers its messages after what this database has seen
    fake.control(sequence=backend["last_in_sequence"] or 0,
                 callback_url=callback(state))
    try:
        yield state
    finally:
        fake.stop()
        server.stop()


def callback(world):
    return "%s/ecom_3pl/webhook/%s?db=%s" % (
        world["server"].url, BACKEND, world["db"])


def deliveries(world, lines_per_picking):
    """Create, confirm and reserve deliveries in ONE call (one transaction):
    [[(sku, qty)], ...] -> picking ids."""
    admin = world["admin"]
    stock = world["warehouse"]["lot_stock_id"][0]
    customers = admin.ref("stock.stock_location_customers")
    ids = []
    for lines in lines_per_picking:
        ids.append(admin.call("stock.picking", "create", {
            "picking_type_id": world["warehouse"]["out_type_id"][0],
            "partner_id": world["customer"], "location_id": stock,
            "location_dest_id": customers,
            "move_lines": [(0, 0, {
                "name": sku, "product_id": world["products"][sku],
                "product_uom_qty": qty, "product_uom": 1, "location_id": stock,
                "location_dest_id": customers}) for sku, qty in lines]}))
    admin.call("stock.picking", "action_confirm", ids)
    admin.call("stock.picking", "action_assign", ids)
    return ids


def picking_rows(world, ids):
    return world["admin"].call("stock.picking", "read", ids,
                               ["name", "state", "carrier_tracking_ref"])


def all_done(world, ids):
    rows = picking_rows(world, ids)
    return rows if all(r["state"] == "done" for r in rows) else None


def test_happy_path(world):
    fake = world["fake"]
    ids = deliveries(world, [[("3PL-TEA-JAS", 2)],
                             [("3PL-TEA-OOL", 1), ("3PL-TEA-JAS", 1)]])
    rows = wait_until(lambda: all_done(world, ids), what="shipments applied")
    assert all(r["carrier_tracking_ref"].startswith("SF") for r in rows)
    state = fake.state(docs=True)
    for pid in ids:
        key = "OUT-%d" % pid
        assert state["applied"][key] == 1 and state["received"][key] == 1
        recipient = state["documents"][key]["payload"]["recipient"]
        # the recipient reached the 3PL; nothing else about the customer did
        assert recipient["street"] == "7 Canary Lane"
        assert "canary@example.com" not in str(state["documents"][key])
    admin = world["admin"]
    msgs = admin.call("ecom.3pl.message", "search_read",
                      [["picking_id", "in", ids]], ["direction", "state", "msg_type"])
    assert sorted((m["direction"], m["state"]) for m in msgs) == [
        ("in", "applied"), ("in", "applied"), ("out", "acked"), ("out", "acked")]


def test_warehouse_operator_sees_dashboard_not_addresses(world):
    operator = login_as(world["server"], roles.BY_ROLE["warehouse_operator"])
    backend = operator.call("ecom.3pl.backend", "read", [world["backend_id"]],
                            ["backlog_count", "dead_count", "confirm_latency"])
    assert backend[0]["confirm_latency"] >= 0
    msgs = operator.call("ecom.3pl.message", "search_read",
                         [["backend_id", "=", world["backend_id"]]], [])
    assert msgs and "Canary" not in str(msgs)
    assert "recipient" not in msgs[0]


def test_3pl_down_then_back(world):
    fake = world["fake"]
    before = fake.state()["failures"]
    fake.control(fail_next=2)
    ids = deliveries(world, [[("3PL-TEA-JAS", 1)], [("3PL-TEA-OOL", 1)]])
    wait_until(lambda: all_done(world, ids), timeout=90, what="recovery")
    state = fake.state()
    assert state["failures"] - before == 2
    for pid in ids:
        assert state["applied"]["OUT-%d" % pid] == 1
        assert state["received"]["OUT-%d" % pid] == 1   # 500s stored nothing
    # a lost answer (the 3PL applied, the reply timed out): resent, same key
    fake.control(timeout_next=1, timeout_seconds=4)
    ids = deliveries(world, [[("3PL-TEA-OOL", 1)]])
    key = "OUT-%d" % ids[0]
    wait_until(lambda: fake.state()["received"].get(key, 0) >= 2
               and all_done(world, ids), timeout=90, what="resend")
    state = fake.state()
    assert state["applied"]["OUT-%d" % ids[0]] == 1
    shipped = [w for w in state["webhooks"]
               if "SHIP-%s" % picking_rows(world, ids)[0]["name"] in w["ids"]]
    assert len(shipped) == 1   # confirmed once


def test_duplicate_and_reordered_webhooks(world):
    fake = world["fake"]
    fake.control(duplicate=True, reorder=True)
    try:
        ids = deliveries(world, [[("3PL-TEA-JAS", 1)], [("3PL-TEA-JAS", 1)],
                                 [("3PL-TEA-OOL", 1)]])
        wait_until(lambda: all_done(world, ids), timeout=90, what="reordered")
        assert fake.wait_idle()
    finally:
        fake.control(duplicate=False, reorder=False)
    names = {r["name"] for r in picking_rows(world, ids)}
    hooks = [w for w in fake.state()["webhooks"]
             if any(i[len("SHIP-"):] in names for i in w["ids"])]
    statuses = [w["results"][0]["status"] for w in hooks]
    # sent one by one, highest sequence first, each twice
    assert len(hooks) == 6
    assert statuses.count("pending") >= 2 and "duplicate" in statuses
    inbound = world["admin"].call("ecom.3pl.message", "search_read", [
        ["picking_id", "in", ids], ["direction", "=", "in"]],
        ["state", "sequence"])
    assert len(inbound) == 3 and {m["state"] for m in inbound} == {"applied"}


def test_bad_signature_refused(world):
    key = "FORGED-%s" % uuid.uuid4().hex[:8]
    status, body = world["fake"].send([{
        "message_id": key, "type": "stock_change",
        "payload": {"lines": [{"sku": "3PL-GAIWAN", "qty_delta": 100}]}}],
        bad_signature=True)
    # refused before anything is read (the fake reports the refusal as 400)
    assert status == 400
    assert (body["status"], body["error_code"]) == ("rejected", "signature_invalid")
    assert world["admin"].call("ecom.3pl.message", "search_count",
                               [["key", "=", key]]) == 0


def test_integration_role_xmlrpc(world):
    client = login_as(world["server"], roles.BY_ROLE["integration"])
    rows = client.call("ecom.3pl.backend", "confirm_shipment", BACKEND, [
        {"message_id": "RPC-%s" % uuid.uuid4().hex[:8], "sequence": 10 ** 9,
         "payload": {"order_code": "NO/SUCH/ORDER", "tracking_ref": "x"}}])
    assert rows[0]["status"] == "rejected"
    assert rows[0]["error_code"] == "unknown_order"


def test_reconciliation_finds_planted_drift(world):
    admin, fake = world["admin"], world["fake"]
    assert fake.wait_idle()
    stock = world["warehouse"]["lot_stock_id"][0]
    quants = admin.call("stock.quant", "read_group", [
        ["location_id", "child_of", stock],
        ["product_id", "in", list(world["products"].values())]],
        ["product_id", "quantity"], ["product_id"])
    on_hand = {q["product_id"][0]: q["quantity"] for q in quants}
    by_id = {pid: sku for sku, pid in world["products"].items()}
    # the 3PL counts 5 gaiwans fewer than Odoo believes it has
    lines = [{"sku": by_id[pid], "qty": qty - (5 if by_id[pid] == "3PL-GAIWAN" else 0)}
             for pid, qty in on_hand.items()]
    status, body = fake.send([{"message_id": "SNAP-%s" % uuid.uuid4().hex[:8],
                               "type": "stock_snapshot", "payload": {"lines": lines}}])
    assert status == 200 and body["results"][0]["status"] == "applied", body
    manager = login_as(world["server"], roles.BY_ROLE["warehouse_manager"])
    summary = manager.call("ecom.3pl.backend", "reconcile", [world["backend_id"]])[0]
    drift = {line["sku"]: line for line in summary["lines"]}
    assert set(drift) == {"3PL-GAIWAN"}, summary
    assert (drift["3PL-GAIWAN"]["drift"], drift["3PL-GAIWAN"]["cause"]) == (
        -5.0, "unexplained")
    manager.call("ecom.3pl.reconciliation.line", "action_adjust",
                 [drift["3PL-GAIWAN"]["line_id"]], "3PL cycle count")
    again = manager.call("ecom.3pl.backend", "reconcile", [world["backend_id"]])[0]
    assert again["drift_count"] == 0 and not again["lines"]


def test_sigkill_with_messages_queued_then_restart(world):
    """The push hangs (the 3PL applied it; its answer never comes), the
    server is killed in the middle, restarted: the send job is requeued, the
    resend carries the same key, the 3PL applies each order once."""
    fake, server = world["fake"], world["server"]
    # the push hangs 20 s and Odoo waits up to 30 s: the kill lands inside it
    world["admin"].call("ecom.3pl.backend", "write", [world["backend_id"]],
                        {"timeout": 30})
    fake.control(timeout_next=1, timeout_seconds=20, auto_confirm=True)
    ids = deliveries(world, [[("3PL-TEA-JAS", 1)], [("3PL-TEA-OOL", 1)]])
    keys = ["OUT-%d" % pid for pid in ids]
    wait_until(lambda: all(k in fake.state()["received"] for k in keys),
               what="push in flight")
    server.kill()
    server.start()
    world["admin"] = login_as(server, roles.ADMIN)
    fake.control(callback_url=callback(world))
    # the shipments may have been confirmed before the kill: wait for the
    # resend too (the restarted server's job runner starts a few seconds late)
    wait_until(lambda: all(fake.state()["received"].get(k, 0) >= 2 for k in keys)
               and all_done(world, ids), timeout=90, what="after restart")
    state = fake.state()
    for key in keys:
        assert state["applied"][key] == 1
        assert state["received"][key] >= 2   # resent with the same key
    msgs = world["admin"].call("ecom.3pl.message", "search_read", [
        ["key", "in", keys]], ["state"])
    assert {m["state"] for m in msgs} == {"acked"}
    world["admin"].call("ecom.3pl.backend", "write", [world["backend_id"]],
                        {"timeout": 2})
