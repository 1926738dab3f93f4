"""Customer service over real XML-RPC and JSON-RPC sees buyers of its channels
only (cs_agent: WEB and TMALL, not JD), through every model that names one.
"""
import uuid
import xmlrpc.client

import pytest
import requests

from harness import roles


@pytest.fixture(autouse=True)
def _needs_guard(require_addons):
    require_addons("ecom_channel", "ecom_pii_guard")


def _payload(ref, name):
    return {
        "external_ref": ref, "ordered_at": "2026-11-20 08:30:00", "currency": "CNY",
        "paid": True,
        "customer": {"external_id": "acct-" + ref, "name": name,
                     "email": "%s@example.com" % ref.lower(), "phone": "13800138000"},
        "shipping": {"name": name, "phone": "13800138000", "street": "1 Road",
                     "city": "Shanghai", "zip": "200000", "country_code": "CN"},
        "lines": [{"sku": "TEA-LJ-250", "qty": 1, "price_unit": 118.0}],
        "consent": {"version": "v-rpc", "accepted_at": "2026-11-20 08:29:00"},
    }


@pytest.fixture(scope="module")
def world(rpc):
    """JD buyers (intake batch), a WEB buyer, a staff-entered JD customer."""
    tag = uuid.uuid4().hex[:6]
    jd_name, web_name = "Jdrpcscope%s Buyer" % tag, "Webrpcscope%s Buyer" % tag
    staff_name = "Staffrpcscope%s Li" % tag
    api = rpc("integration")
    rows = api.call("ecom.channel", "import_orders", "JD", [
        _payload("JDR-%s-1" % tag, jd_name), _payload("JDR-%s-2" % tag, jd_name)])
    rows += api.call("ecom.channel", "import_orders", "WEB",
                     [_payload("WBR-%s" % tag, web_name)])
    assert [r["status"] for r in rows] == ["created"] * 3, rows
    admin = rpc("admin")
    jd = admin.ref("ecom_channel.channel_jd_demo")
    staff = admin.call("res.partner", "create", {
        "name": staff_name, "customer": True, "phone": "13911112222"})
    product = admin.call("product.product", "search",
                         [("default_code", "=", "MUG-CEL-01")])[0]
    order = admin.call("sale.order", "create", {
        "partner_id": staff, "ecom_channel_id": jd,
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})]})
    admin.call("sale.order", "action_confirm", [order])
    admin.call("sale.order", "message_post", [order], body="Note about %s" % staff_name)
    return {"jd_name": jd_name, "web_name": web_name, "staff_name": staff_name,
            "staff": staff, "jd_orders": [r["order_id"] for r in rows[:2]] + [order],
            "web_order": rows[2]["order_id"],
            "canaries": ("Jdrpcscope" + tag, "Staffrpcscope" + tag)}


def _leaks(answer, world):
    return [canary for canary in world["canaries"] if canary in str(answer)]


#: (model, domain builder, fields, groupby) read by the agent.
READS = [
    ("res.partner", lambda w: [], ["name", "display_name", "parent_id"], "parent_id"),
    ("sale.order", lambda w: [], ["name", "partner_id", "partner_shipping_id"],
     "partner_id"),
    ("sale.order.line", lambda w: [], ["order_partner_id", "order_id"],
     "order_partner_id"),
    ("sale.report", lambda w: [], ["partner_id", "order_id"], "partner_id"),
    ("stock.picking", lambda w: [], ["partner_id", "origin"], "partner_id"),
    ("stock.move", lambda w: [], ["partner_id", "picking_id", "origin"],
     "picking_id"),
    ("stock.move.line", lambda w: [], ["picking_id", "reference"], "picking_id"),
    ("procurement.group", lambda w: [], ["partner_id", "name"], "partner_id"),
    ("mail.followers", lambda w: [["res_model", "in", ["sale.order", "res.partner"]]],
     ["partner_id", "res_model", "res_id"], "partner_id"),
    ("mail.message", lambda w: [["model", "in", ["sale.order", "res.partner"]]],
     ["author_id", "body", "record_name", "model", "res_id"], "author_id"),
    ("ecom.pii.consent", lambda w: [], ["partner_id", "order_ref"], "partner_id"),
]


def _xmlrpc_answers(agent, model, domain, fields, groupby):
    answers = []
    for method, args, kwargs in (
            ("search_read", [domain], {"fields": fields}),
            ("read_group", [domain, [groupby], [groupby]], {"lazy": False})):
        try:
            answers.append(agent.call(model, method, *args, **kwargs))
        except xmlrpc.client.Fault as fault:   # refused (gate, access): no data
            answers.append(fault.faultString)
    return answers


@pytest.mark.parametrize("model,domain,fields,groupby", READS,
                         ids=[read[0] for read in READS])
def test_agent_xmlrpc_names_no_buyer_of_another_channel(rpc, world, model, domain,
                                                        fields, groupby):
    agent = rpc("customer_service")
    answers = _xmlrpc_answers(agent, model, domain(world), fields, groupby)
    assert not _leaks(answers, world), (model, _leaks(answers, world))


def test_agent_sees_its_own_channel(rpc, world):
    agent = rpc("customer_service")
    names = [p["name"] for p in agent.call(
        "res.partner", "search_read", [["name", "in", [world["web_name"]]]],
        fields=["name"])]
    assert world["web_name"] in names
    lines = agent.call("sale.order.line", "search_read",
                       [["order_id", "=", world["web_order"]]],
                       fields=["order_partner_id"])
    assert lines and world["web_name"] in str(lines)
    # and not the JD ones, asked for by id
    assert not agent.call("sale.order.line", "search",
                          [["order_id", "in", world["jd_orders"]]])
    assert not agent.call("res.partner", "search", [["id", "=", world["staff"]]])


def test_agent_cannot_reveal_a_staff_customer_of_another_channel(rpc, world):
    agent = rpc("customer_service")
    with pytest.raises(xmlrpc.client.Fault) as refused:
        agent.call("res.partner", "ecom_pii_reveal", [world["staff"]], "phone",
                   "delivery_problem", "case rpc")
    assert "13911112222" not in refused.value.faultString
    # the manager, who sees every channel, can
    manager = rpc("customer_service_manager")
    answer = manager.call("res.partner", "ecom_pii_reveal", [world["staff"]],
                          "phone", "delivery_problem", "case rpc")
    assert answer["value"] == "13911112222"


def test_agent_jsonrpc_names_no_buyer_of_another_channel(odoo_server, world):
    user = roles.BY_ROLE["customer_service"]
    http = requests.Session()

    def post(path, params):
        return http.post(odoo_server.url + path, json={
            "jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            timeout=60).json()

    logged = post("/web/session/authenticate", {
        "db": odoo_server.db, "login": user.login, "password": user.password})
    assert logged.get("result", {}).get("uid"), logged
    for model, domain, fields, groupby in READS:
        for method, args, kwargs in (
                ("search_read", [domain(world)], {"fields": fields}),
                ("read_group", [domain(world), [groupby], [groupby]],
                 {"lazy": False})):
            answer = post("/web/dataset/call_kw/%s/%s" % (model, method), {
                "model": model, "method": method, "args": args, "kwargs": kwargs})
            assert not _leaks(answer, world), (model, method, _leaks(answer, world))
        answer = post("/web/dataset/search_read", {
            "model": model, "domain": domain(world), "fields": fields})
        assert not _leaks(answer, world), (model, "search_read")
