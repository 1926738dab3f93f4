"""ecom_pii_guard leak matrix over real XML-RPC (live 2-worker server, demo data).

Canary customers come in through the channel API like real orders; then each
restricted role calls every path of the issue (point 1) with hostile contexts,
and no canary may appear anywhere in the raw XML-RPC response (faults
included). Seeding uses the integration and admin users; every assertion runs
as the restricted role.
"""
import uuid
import xmlrpc.client

import pytest
import requests

HIDDEN_ROLES = ["warehouse_operator", "warehouse_manager", "purchase_planner",
                "integration"]
HOSTILE_CONTEXTS = [
    {},
    {"show_address": True},
    {"show_email": True},
    {"show_address": True, "address_inline": True},
    {"show_address_only": True, "active_test": False},
]
PII_FIELDS = ["name", "email", "phone", "mobile", "street", "street2", "zip", "city",
              "vat"]


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_channel", "ecom_pii_guard")


def raw_call(client, model, method, args, kwargs=None):
    """The raw XML text of an execute_kw answer (a fault is an answer too)."""
    body = xmlrpc.client.dumps(
        (client.db, client.uid, client.password, model, method, list(args),
         kwargs or {}), "execute_kw", allow_none=True)
    response = requests.post(client.url + "/xmlrpc/2/object", data=body.encode(),
                             headers={"Content-Type": "text/xml"}, timeout=120)
    return response.text


def answer_or_fault(text):
    try:
        return xmlrpc.client.loads(text)[0][0]
    except xmlrpc.client.Fault:
        return "fault"


def web_session(odoo_server, login, password):
    session = requests.Session()
    answer = session.post(odoo_server.url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": odoo_server.db, "login": login,
                                     "password": password}}, timeout=60)
    assert answer.json()["result"]["uid"]
    return session


class Canaries:
    def __init__(self):
        token = uuid.uuid4().hex[:8]
        self.values = {
            "name": "Cnryname%s Lastcnry" % token,
            "email": "cnry%s@mail-cnry.example.com" % token,
            "phone": "1380%s" % str(int(token, 16))[:7].rjust(7, "7"),
            "street": "Cnrystreet %s" % token,
            "street2": "Cnryblock %s" % token,
            "city": "Cnrycity%s" % token,
            "zip": "9%s" % str(int(token, 16))[-5:].rjust(5, "3"),
        }
        self.token = token

    def found_in(self, text):
        needles = list(self.values.values())
        return [needle for needle in needles if needle in text]


@pytest.fixture(scope="module")
def seeded(rpc):
    """Two canary customers imported through JD and TMALL, one paid order each."""
    api = rpc("integration")
    admin = rpc("admin")
    canaries, orders = Canaries(), {}
    for code in ("JD", "TMALL"):
        ref = "PII-%s-%s" % (code, canaries.token)
        values = canaries.values
        order = {
            "external_ref": ref, "ordered_at": "2026-11-20 08:30:00",
            "currency": "CNY", "paid": True,
            "customer": {"external_id": "acct-%s-%s" % (code, canaries.token),
                         "name": values["name"], "email": values["email"],
                         "phone": values["phone"]},
            "shipping": {"name": values["name"], "phone": values["phone"],
                         "street": values["street"], "street2": values["street2"],
                         "city": values["city"], "zip": values["zip"],
                         "country_code": "CN"},
            "lines": [{"sku": "TEA-LJ-250", "qty": 1, "price_unit": 118.0}],
            "shipping_method": "SF Express",
            "consent": {"version": "2026-01", "accepted_at": "2026-11-20 08:29:00"},
        }
        result = api.call("ecom.channel", "import_orders", code, [order])
        assert result[0]["status"] == "created", result
        sale = admin.call("sale.order", "read", [result[0]["order_id"]],
                          ["partner_id", "partner_shipping_id", "picking_ids",
                           "name"])[0]
        orders[code] = sale
        # chatter written by the customer on the order and its delivery
        for model, res_id in (("sale.order", sale["id"]),
                              ("stock.picking", sale["picking_ids"][0])):
            admin.call(model, "message_post", [res_id],
                       body="Please call %s" % values["phone"],
                       author_id=sale["partner_id"][0],
                       email_from=values["email"])
            admin.call(model, "message_subscribe", [res_id],
                       partner_ids=[sale["partner_id"][0]])
        admin.call("ir.attachment", "create", {
            "name": "id-card-%s.txt" % values["name"], "res_model": "res.partner",
            "res_id": sale["partner_id"][0], "datas_fname": "id.txt",
            "datas": "Y2FuYXJ5"})
    assert canaries.found_in(str(admin.call(
        "res.partner", "read", [orders["JD"]["partner_id"][0]], ["email"])))
    return canaries, orders


def paths(orders):
    """(label, model, method, args, kwargs) of point 1 of the issue."""
    jd = orders["JD"]
    customer = jd["partner_id"][0]
    shipping = jd["partner_shipping_id"][0]
    picking = jd["picking_ids"][0]
    partners = [customer, shipping]
    yield "partner.read", "res.partner", "read", [partners, PII_FIELDS + [
        "display_name", "contact_address", "parent_name", "commercial_company_name",
        "email_formatted"]], {}
    yield "partner.search_read", "res.partner", "search_read", [
        [["id", "in", partners]]], {"fields": PII_FIELDS}
    yield "partner.name_get", "res.partner", "name_get", [partners], {}
    yield "picking.read", "stock.picking", "read", [[picking]], {}
    yield "picking.search_read", "stock.picking", "search_read", [
        [["id", "=", picking]]], {"fields": ["partner_id", "origin", "move_lines"]}
    yield "moves.search_read", "stock.move", "search_read", [
        [["picking_id", "=", picking]]], {}
    yield "move_lines.search_read", "stock.move.line", "search_read", [
        [["picking_id", "=", picking]]], {}
    yield "order.read", "sale.order", "read", [[jd["id"]]], {}
    yield "order.name_search", "sale.order", "name_search", [jd["name"]], {}
    yield "picking.read_group", "stock.picking", "read_group", [
        [["id", "=", picking]], ["partner_id"], ["partner_id"]], {}
    yield "order.read_group", "sale.order", "read_group", [
        [["id", "=", jd["id"]]], ["partner_shipping_id"], ["partner_shipping_id"]], {}
    yield "partner.read_group", "res.partner", "read_group", [
        [["id", "in", partners]], ["email"], ["email"]], {}
    yield "picking.export", "stock.picking", "export_data", [
        [picking], ["name", "partner_id", "partner_id/email", "partner_id/street"]], {}
    yield "partner.export", "res.partner", "export_data", [
        partners, ["name", "phone"]], {}
    yield "messages", "mail.message", "search_read", [
        [["model", "in", ["stock.picking", "sale.order", "res.partner"]],
         ["res_id", "in", [picking, jd["id"], customer]]]], {}
    yield "followers", "mail.followers", "search_read", [
        [["res_id", "in", [picking, jd["id"]]]]], {}
    yield ("attachments", "ir.attachment", "search_read", [
        [["res_model", "=", "res.partner"], ["res_id", "in", partners]]],
        {"fields": ["name", "datas_fname", "datas"]})
    yield "suggested", "stock.picking", "message_get_suggested_recipients", [
        [picking]], {}
    yield "consents", "ecom.pii.consent", "search_read", [[]], {}


def test_consent_recorded_at_intake(rpc, seeded):
    canaries, orders = seeded
    officer = rpc("privacy_officer")
    rows = officer.call("ecom.pii.consent", "search_read",
                        [["order_ref", "in", [o["name"] for o in orders.values()]]],
                        fields=["version", "accepted_at", "channel_id", "partner_id"])
    assert len(rows) == 2
    assert {row["version"] for row in rows} == {"2026-01"}
    assert {row["accepted_at"] for row in rows} == {"2026-11-20 08:29:00"}


@pytest.mark.parametrize("role", HIDDEN_ROLES)
def test_leak_matrix(rpc, seeded, role):
    canaries, orders = seeded
    client = rpc(role)
    leaks = []
    for context in HOSTILE_CONTEXTS:
        for label, model, method, args, kwargs in paths(orders):
            text = raw_call(client, model, method, args,
                            dict(kwargs, context=context))
            found = canaries.found_in(text)
            if found:
                leaks.append((label, context, found))
    assert not leaks, leaks


@pytest.mark.parametrize("role", HIDDEN_ROLES)
def test_search_oracles(rpc, seeded, role):
    """Searching by a personal value finds nothing: no yes/no answer."""
    canaries, orders = seeded
    client = rpc(role)
    values = canaries.values
    picking = orders["JD"]["picking_ids"][0]
    for field in ("email", "phone", "name", "street", "city", "zip"):
        for model, left, extra in (
                ("res.partner", field, []),
                ("stock.picking", "partner_id.%s" % field, [["id", "=", picking]]),
                ("sale.order", "partner_shipping_id.%s" % field, [])):
            text = raw_call(client, model, "search_count",
                            [[[left, "=", values[field]]] + extra])
            assert "<int>0</int>" in text or "faultCode" in text, (model, left, text)
    for model, left in (("res.partner", "name"), ("stock.picking", "partner_id")):
        text = raw_call(client, model, "search",
                        [[[left, "ilike", values["name"]]]])
        assert answer_or_fault(text) in ([], "fault"), (model, text)
    text = raw_call(client, "res.partner", "name_search", [values["email"]])
    assert answer_or_fault(text) in ([], "fault"), text


def test_warehouse_sees_masked_label_with_order_reference(rpc, seeded):
    canaries, orders = seeded
    client = rpc("warehouse_operator")
    picking = orders["JD"]["picking_ids"][0]
    row = client.call("stock.picking", "read", [picking], ["partner_id"],
                      context={"show_address": True})[0]
    label = row["partner_id"][1]
    assert "*" in label and not canaries.found_in(label)
    assert label.endswith(" · " + orders["JD"]["name"]), label


@pytest.mark.parametrize("role", ["warehouse_operator", "purchase_planner"])
def test_report_routes(odoo_server, rpc, seeded, role):
    from harness import roles
    canaries, orders = seeded
    user = roles.BY_ROLE[role]
    session = web_session(odoo_server, user.login, user.password)
    jd = orders["JD"]
    for url in ("/report/html/stock.report_deliveryslip/%s" % jd["picking_ids"][0],
                "/report/html/sale.report_saleorder/%s" % jd["id"]):
        answer = session.get(odoo_server.url + url, timeout=120)
        assert not canaries.found_in(answer.text), url
    if role == "warehouse_operator":
        answer = session.get(
            odoo_server.url + "/report/html/stock.report_deliveryslip/%s"
            % jd["picking_ids"][0], timeout=120)
        assert answer.status_code == 200
        assert jd["name"] in answer.text  # packing slip: masked recipient + order
    followers = session.post(odoo_server.url + "/mail/read_followers", json={
        "jsonrpc": "2.0", "params": {
            "follower_ids": [], "res_model": "stock.picking"}}, timeout=60)
    assert not canaries.found_in(followers.text)


def test_followers_route_masks_customers(odoo_server, rpc, seeded):
    from harness import roles
    canaries, orders = seeded
    admin = rpc("admin")
    picking = orders["JD"]["picking_ids"][0]
    follower_ids = admin.call("mail.followers", "search",
                              [["res_model", "=", "stock.picking"],
                               ["res_id", "=", picking]])
    assert follower_ids
    user = roles.BY_ROLE["warehouse_operator"]
    session = web_session(odoo_server, user.login, user.password)
    answer = session.post(odoo_server.url + "/mail/read_followers", json={
        "jsonrpc": "2.0", "params": {"follower_ids": follower_ids,
                                     "res_model": "stock.picking"}}, timeout=60)
    assert "result" in answer.json(), answer.text
    assert not canaries.found_in(answer.text)


def test_customer_service_scoped_to_its_channels(rpc, seeded):
    canaries, orders = seeded
    agent = rpc("customer_service")  # assigned to WEB and TMALL, not JD
    jd, tmall = orders["JD"], orders["TMALL"]
    ids = [jd["id"], tmall["id"]]
    assert agent.call("sale.order", "search", [["id", "in", ids]]) == [tmall["id"]]
    pickings = jd["picking_ids"] + tmall["picking_ids"]
    assert agent.call("stock.picking", "search", [["id", "in", pickings]]) == \
        tmall["picking_ids"]
    partners = [jd["partner_id"][0], tmall["partner_id"][0]]
    assert agent.call("res.partner", "search", [["id", "in", partners]]) == \
        [tmall["partner_id"][0]]
    # masked by default: name yes, phone masked
    row = agent.call("res.partner", "read", [tmall["partner_id"][0]],
                     ["name", "phone", "email"])[0]
    assert row["name"] == canaries.values["name"]
    assert canaries.values["phone"] not in row["phone"] and "*" in row["phone"]
    # the manager sees every channel
    manager = rpc("customer_service_manager")
    assert sorted(manager.call("sale.order", "search", [["id", "in", ids]])) == \
        sorted(ids)


def test_assignment_change_applies_at_once_on_every_worker(rpc, seeded):
    canaries, orders = seeded
    admin = rpc("admin")
    agent = rpc("customer_service")
    jd_order = orders["JD"]["id"]
    jd = admin.call("ecom.channel", "search", [["code", "=", "JD"]])
    admin.call("ecom.channel", "write", jd,
               {"customer_service_user_ids": [(4, agent.uid)]})
    try:
        # several calls: they land on both workers of the server
        for _attempt in range(6):
            assert agent.call("sale.order", "search", [["id", "=", jd_order]]) == \
                [jd_order]
    finally:
        admin.call("ecom.channel", "write", jd,
                   {"customer_service_user_ids": [(3, agent.uid)]})
    for _attempt in range(6):
        assert agent.call("sale.order", "search", [["id", "=", jd_order]]) == []


def test_reveal_quota_and_log(rpc, seeded):
    canaries, orders = seeded
    agent = rpc("customer_service")
    partner = orders["TMALL"]["partner_id"][0]
    result = agent.call("res.partner", "ecom_pii_reveal", [partner], "phone",
                        "delivery_problem", "case-1")
    # the intake stores phones in E.164
    assert result["value"].endswith(canaries.values["phone"])
    # bad purpose: a clear error naming the field
    text = raw_call(agent, "res.partner", "ecom_pii_reveal",
                    [[partner], "phone", "curiosity"])
    assert "purpose" in text and canaries.values["phone"] not in text
    # other channel's customer: refused
    text = raw_call(agent, "res.partner", "ecom_pii_reveal",
                    [[orders["JD"]["partner_id"][0]], "phone", "after_sales"])
    assert "faultCode" in text and canaries.values["phone"] not in text
    officer = rpc("privacy_officer")
    logs = officer.call("ecom.pii.access.log", "search_read",
                        [["kind", "=", "reveal"], ["partner_id", "=", partner]],
                        fields=["user_id", "field_names", "purpose", "note"])
    assert logs and logs[0]["user_id"][0] == agent.uid
    assert logs[0]["field_names"] == "phone" and logs[0]["purpose"] == \
        "delivery_problem"
    assert not canaries.found_in(str(logs))
    # quota: lower it to what is used, the next reveal is refused
    admin = rpc("admin")
    admin.call("ir.config_parameter", "set_param",
               "ecom_pii_guard.reveal_daily_limit", "1")
    try:
        text = raw_call(agent, "res.partner", "ecom_pii_reveal",
                        [[partner], "email", "after_sales"])
        assert "limit" in text and canaries.values["email"] not in text
    finally:
        admin.call("ir.config_parameter", "set_param",
                   "ecom_pii_guard.reveal_daily_limit", "30")
    # the privacy officer is not limited, but logged
    assert officer.call("res.partner", "ecom_pii_reveal", [partner], "email",
                        "customer_care")["value"] == canaries.values["email"]


def test_audit_rows_cannot_be_changed_and_chain_verifies(rpc, seeded):
    officer = rpc("privacy_officer")
    ids = officer.call("ecom.pii.access.log", "search", [], limit=1)
    assert ids
    for method, args in (("write", [ids, {"note": "x"}]), ("unlink", [ids])):
        text = raw_call(officer, "ecom.pii.access.log", method, args)
        assert "faultCode" in text
    admin = rpc("admin")
    for method, args in (("write", [ids, {"note": "x"}]), ("unlink", [ids])):
        text = raw_call(admin, "ecom.pii.access.log", method, args)
        assert "append-only" in text
    result = officer.call("ecom.pii.access.log", "verify_chain")
    assert result["ok"] is True and result["rows"] >= 1


def test_privacy_officer_export_and_erase(rpc, seeded):
    canaries, orders = seeded
    officer = rpc("privacy_officer")
    partner = orders["JD"]["partner_id"][0]
    data = officer.call("res.partner", "ecom_privacy_export", [partner])
    assert data["customer"]["email"] == canaries.values["email"]
    assert orders["JD"]["name"] in [o["name"] for o in data["orders"]]
    assert data["consents"] and data["consents"][0]["version"] == "2026-01"
    # customer service cannot do it
    agent = rpc("customer_service")
    assert "faultCode" in raw_call(agent, "res.partner", "ecom_privacy_export",
                                   [[orders["TMALL"]["partner_id"][0]]])
    assert officer.call("res.partner", "ecom_privacy_erase", [partner]) is True
    admin = rpc("admin")
    after = admin.call("res.partner", "read", [partner], PII_FIELDS)[0]
    assert not canaries.found_in(str(after))
    # orders and stock stay
    assert admin.call("sale.order", "search_count", [["id", "=", orders["JD"]["id"]]])
    messages = admin.call("mail.message", "search_read",
                          [["author_id", "=", partner]], fields=["body"])
    assert not canaries.found_in(str(messages))
