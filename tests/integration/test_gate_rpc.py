"""The allow-list gate over real XML-RPC, JSON-RPC and HTTP (live 2-worker server).

Each restricted role may call only the (model, method) pairs, reports and
routes its add-ons declared; everything else answers the gate's AccessError,
naming the model and method, and is counted for the privacy officer.
"""
import json
import uuid
import xmlrpc.client

import pytest
import requests

GATE = "e-commerce access gate"
TEMPLATE = "${object.env['res.partner'].sudo().search([], limit=1).email}"


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_base", "ecom_channel")


def web_session(server, login, password):
    session = requests.Session()
    answer = session.post(server.url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": server.db, "login": login,
                                     "password": password}}, timeout=60)
    assert answer.json()["result"]["uid"], answer.text
    return session


def call_kw(server, session, model, method, args, kwargs=None):
    answer = session.post(
        "%s/web/dataset/call_kw/%s/%s" % (server.url, model, method),
        json={"jsonrpc": "2.0", "method": "call", "params": {
            "model": model, "method": method, "args": args,
            "kwargs": kwargs or {}}}, timeout=60)
    return answer.json()


def fault_of(client, model, method, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as info:
        client.call(model, method, *args, **kwargs)
    return info.value.faultString


@pytest.mark.parametrize("role", ["warehouse_operator", "warehouse_manager",
                                  "purchase_planner", "integration",
                                  "customer_service"])
def test_xmlrpc_refuses_undeclared_methods_and_names_them(rpc, role):
    client = rpc(role)
    message = fault_of(client, "mail.template", "render_template", TEMPLATE,
                       "res.partner", [client.uid])
    assert GATE in message and "render_template" in message
    assert "mail.template" in message
    assert GATE in fault_of(client, "mail.mail", "search_read", [])
    # execute (not execute_kw) goes through the same dispatcher
    with pytest.raises(xmlrpc.client.Fault) as info:
        client.object.execute(client.db, client.uid, client.password,
                              "mail.mail", "search", [])
    assert GATE in info.value.faultString


def test_declared_work_still_passes(rpc):
    operator = rpc("warehouse_operator")
    assert isinstance(operator.call("stock.picking", "search_read", [],
                                    fields=["name"], limit=3), list)
    api = rpc("integration")
    stock = api.call("ecom.channel", "export_stock", "WEB")
    assert stock, "the integration role exports stock through the gate"


def test_admin_and_users_of_no_ecommerce_role_are_not_gated(rpc):
    admin = rpc("admin")
    admin.call("mail.mail", "search", [], limit=1)
    login = "gate-plain-%s" % uuid.uuid4().hex[:8]
    uid = admin.call("res.users", "create", {
        "name": "Plain internal user", "login": login, "password": login,
        "groups_id": [(6, 0, [admin.ref("base.group_user")])]})
    plain = xmlrpc.client.ServerProxy(admin.url + "/xmlrpc/2/object",
                                      allow_none=True)
    # an undeclared but ordinary method: not refused by the gate
    result = plain.execute_kw(admin.db, uid, login, "res.lang", "search_read",
                              [[]], {"fields": ["code"], "limit": 1})
    assert isinstance(result, list)


def test_web_routes_of_a_gated_session(odoo_server, rpc):
    session = web_session(odoo_server, "wh_operator", "wh_operator")
    refused = call_kw(odoo_server, session, "mail.template", "render_template",
                      [TEMPLATE, "res.partner", [1]])
    assert GATE in json.dumps(refused.get("error")), refused
    refused = session.post(odoo_server.url + "/web/dataset/search_read", json={
        "jsonrpc": "2.0", "params": {"model": "mail.mail", "fields": ["body_html"],
                                     "domain": []}}, timeout=60).json()
    assert GATE in json.dumps(refused.get("error")), refused
    allowed = call_kw(odoo_server, session, "stock.picking", "search_read", [[]],
                      {"fields": ["name"], "limit": 2})
    assert "result" in allowed, allowed
    # files, exports, reports and controllers of other add-ons
    answer = session.get(odoo_server.url + "/web/content", params={
        "model": "mail.mail", "id": 1, "field": "body_html"}, timeout=60)
    assert answer.status_code == 403 and GATE in answer.text
    export = {"model": "mail.mail", "fields": [{"name": "body_html"}], "ids": [1],
              "domain": [], "import_compat": False}
    answer = session.post(odoo_server.url + "/web/export/csv",
                          data={"data": json.dumps(export)}, timeout=60)
    assert answer.status_code == 403 and GATE in answer.text
    answer = session.get(odoo_server.url + "/report/pdf/sale.report_saleorder/1",
                         timeout=60)
    assert answer.status_code == 403 and GATE in answer.text
    answer = session.get(odoo_server.url + "/my/home", timeout=60,
                         allow_redirects=False)
    assert answer.status_code == 403 and GATE in answer.text
    # the web client itself still opens
    assert session.get(odoo_server.url + "/web", timeout=60).status_code == 200


def test_api_only_role_gets_no_web_client(odoo_server):
    session = web_session(odoo_server, "integration", "integration")
    answer = session.get(odoo_server.url + "/web", timeout=60,
                         allow_redirects=False)
    assert answer.status_code == 403
    stock = call_kw(odoo_server, session, "ecom.channel", "export_stock", ["WEB"])
    assert "result" in stock, stock


def test_refusals_are_counted_for_the_privacy_officer(rpc):
    operator = rpc("warehouse_operator")
    fault_of(operator, "payment.transaction", "search_read", [])
    fault_of(operator, "payment.transaction", "search_read", [])
    officer = rpc("privacy_officer")
    rows = officer.call("ecom.gate.denial", "search_read",
                        [["user_id", "=", operator.uid],
                         ["target", "=", "payment.transaction.search_read"]],
                        fields=["count", "kind", "target", "route"])
    assert rows and rows[0]["count"] >= 2 and rows[0]["kind"] == "method"
    # the log is not for the roles it watches
    assert GATE in fault_of(operator, "ecom.gate.denial", "search_read", [])
    allowed = officer.call("ecom.gate.rule", "allowed_calls", operator.uid)
    assert allowed["gated"] and ["stock.picking", "read"] in allowed["methods"]
    assert ["payment.transaction", "read"] not in allowed["methods"]


def test_a_new_rule_takes_effect_on_every_worker_at_once(rpc):
    operator, admin = rpc("warehouse_operator"), rpc("admin")
    assert GATE in fault_of(operator, "res.lang", "get_installed")
    rule = admin.call("ecom.gate.rule", "create", {
        "name": "test: languages", "kind": "method", "model": "res.lang",
        "methods": "get_installed",
        "group_ids": [(6, 0, [admin.ref("ecom_base.group_warehouse_operator")])]})
    try:
        for _attempt in range(4):  # both workers answer in turn
            assert operator.call("res.lang", "get_installed")
    finally:
        admin.call("ecom.gate.rule", "unlink", [rule])
    # a removed rule: each worker may still answer its next call from its
    # cached allow-list (it reads the signal right after), then refuses
    answers = []
    for _attempt in range(6):
        try:
            answers.append(bool(operator.call("res.lang", "get_installed")))
        except xmlrpc.client.Fault as fault:
            assert GATE in fault.faultString
            answers.append(False)
    assert answers.count(True) <= 2, answers  # at most one per worker
