"""Scanner: every (model, method) the gate lets a restricted role call, called.

For each restricted role, the allow-list is read from the gate itself
(``ecom.gate.rule.allowed_calls``, as the privacy officer), so a method an
add-on newly allows is scanned without anyone editing this file. Each pair is
called over real XML-RPC and over JSON-RPC (a web session's
``/web/dataset/call_kw``) with harmless arguments:

* standard ORM methods (read, search_read, read_group, export_data, ...) read
  the newest records of the model, all fields, with hostile contexts;
* read-like methods of the web client and the suite get a recipe below that
  aims them at the canary records (message_fetch, order_status, ...);
* every other method (buttons, writes) is called on an empty record set or
  with arguments it refuses: the error text is scanned too;
* each report a role may print is rendered for the newest records of its
  model and the text of the PDF is scanned.

Canary customers come from every flow the suite supports: channel intake
(JD, WEB), a customer entered by staff with an order, a portal invitation, an
e-mail sent to a customer, a payment transaction, a reveal and a label print.
No raw answer may contain a canary the role must not see: hidden roles none at
all; customer service no contact value of anyone and no name of a customer
outside its channels (cs_agent works WEB and TMALL, not JD).
"""
import json
import subprocess
import tempfile
import uuid
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import gate_recipes
from harness import roles
from harness.rpc import login_as
from test_gate_rpc import web_session

ROLES = {
    # role: (login, level)
    "warehouse_operator": ("wh_operator", "hidden"),
    "warehouse_manager": ("wh_manager", "hidden"),
    "purchase_planner": ("planner", "hidden"),
    "integration": ("integration", "hidden"),
    "customer_service": ("cs_agent", "masked"),
    "customer_service_manager": ("cs_manager", "masked"),
}
HOSTILE = {"show_address": True, "show_email": True, "active_test": False}
STANDARD = {"read", "search_read", "search", "search_count", "name_get",
            "name_search", "fields_get", "read_group", "load_views",
            "fields_view_get", "check_access_rights", "default_get", "onchange",
            "export_data"}
#: Methods whose harmless call is the default one (empty record set or a
#: refused argument): writes and buttons. Anything else needs a recipe.
WRITE_LIKE_PREFIXES = ("action_", "button_", "do_", "process", "create", "write",
                       "unlink", "name_create", "copy", "force_", "prepare_",
                       "send_", "print_", "preference_", "message_post",
                       "set_message_done", "mark_all_as_read",
                       "toggle_message_starred", "consume", "ecom_pii_reveal")


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_base", "ecom_channel", "ecom_pii_guard")


class Canaries:
    """Unique values of one customer; ``jd`` ones are outside cs_agent's channels."""

    def __init__(self, label):
        token = uuid.uuid4().hex[:8]
        digits = str(int(token, 16))[:8].rjust(8, "5")
        self.values = {
            "name": "Scn%sname%s Family" % (label, token),
            "email": "scn%s%s@scan-cnry.example.com" % (label, token),
            "phone": "139%s" % digits,
            "street": "Scnstreet %s%s" % (label, token),
            "city": "Scncity%s" % token,
            "zip": "7%s" % digits[-5:],
            "vat": "CN%sVAT" % token.upper(),
        }

    def contact(self):
        return [v for k, v in self.values.items() if k != "name"]


def _order(canary, ref, paid=True):
    values = canary.values
    return {
        "external_ref": ref, "ordered_at": "2026-11-21 09:00:00", "currency": "CNY",
        "paid": paid,
        "customer": {"external_id": "scan-%s" % ref, "name": values["name"],
                     "email": values["email"], "phone": values["phone"]},
        "shipping": {"name": values["name"], "phone": values["phone"],
                     "street": values["street"], "city": values["city"],
                     "zip": values["zip"], "country_code": "CN"},
        "lines": [{"sku": "TEA-LJ-250", "qty": 1, "price_unit": 118.0}],
        "shipping_method": "SF Express",
    }


@pytest.fixture(scope="module")
def world(rpc, odoo_server):
    """Canary customers from every flow; returns (forbidden texts per role, refs)."""
    admin, api = rpc("admin"), rpc("integration")
    jd, web, staff = Canaries("jd"), Canaries("web"), Canaries("staff")
    refs = {}
    for code, canary in (("JD", jd), ("WEB", web)):
        ref = "SCAN-%s-%s" % (code, uuid.uuid4().hex[:6])
        result = api.call("ecom.channel", "import_orders", code, [_order(canary, ref)])
        assert result[0]["status"] == "created", result
        refs[code] = (ref, result[0]["order_id"])
    # staff entry: a customer typed in by staff, with an order in JD
    staff_partner = admin.call("res.partner", "create", dict(
        staff.values, customer=True))
    jd_channel = admin.call("ecom.channel", "search", [["code", "=", "JD"]])[0]
    product = admin.call("product.product", "search",
                         [["default_code", "=", "TEA-LJ-250"]])[0]
    staff_order = admin.call("sale.order", "create", {
        "partner_id": staff_partner, "ecom_channel_id": jd_channel,
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})]})
    admin.call("sale.order", "action_confirm", [staff_order])
    # e-mail sent to the customer, with its name and phone in the body
    admin.call("sale.order", "message_post", [staff_order],
               body="Dear %s, we will call %s" % (staff.values["name"],
                                                  staff.values["phone"]),
               partner_ids=[staff_partner], message_type="comment",
               subtype="mail.mt_comment")
    # portal invitation (mail with a sign-up link)
    wizard = admin.call("portal.wizard", "create", {
        "user_ids": [(0, 0, {"partner_id": staff_partner,
                             "email": staff.values["email"], "in_portal": True})]})
    admin.call("portal.wizard", "action_apply", [wizard])
    # payment transaction of the intake customer
    acquirer = admin.call("payment.acquirer", "search", [], limit=1)
    jd_partner = admin.call("sale.order", "read", [refs["JD"][1]],
                            ["partner_id", "picking_ids"])[0]
    admin.call("payment.transaction", "create", {
        "acquirer_id": acquirer[0], "amount": 118.0,
        "currency_id": admin.call("res.currency", "search",
                                  [["name", "=", "CNY"]])[0],
        "partner_id": jd_partner["partner_id"][0],
        "partner_name": jd.values["name"], "partner_email": jd.values["email"],
        "partner_phone": jd.values["phone"],
        "reference": "SCAN-TX-%s" % uuid.uuid4().hex[:6]})
    # a reveal (customer-service manager) and a label print (warehouse operator)
    rpc("customer_service_manager").call(
        "res.partner", "ecom_pii_reveal", [jd_partner["partner_id"][0]], "phone",
        "delivery_problem", "scanner seed")
    session = web_session(odoo_server, "wh_operator", "wh_operator")
    label = session.get("%s/report/pdf/ecom_pii_guard.report_shipping_label/%s" % (
        odoo_server.url, jd_partner["picking_ids"][0]), timeout=120)
    assert label.status_code == 200, label.text[:300]
    everything = jd.contact() + web.contact() + staff.contact()
    forbidden = {"hidden": everything + [jd.values["name"], web.values["name"],
                                         staff.values["name"]],
                 # cs_agent: names of its channels' customers (WEB) only
                 "customer_service": everything + [jd.values["name"],
                                                   staff.values["name"]],
                 "customer_service_manager": everything}
    return forbidden, refs


def _forbidden(world, role):
    forbidden, _refs = world
    level = ROLES[role][1]
    return forbidden[role] if level == "masked" else forbidden["hidden"]


class Transport:
    """One role's XML-RPC and JSON-RPC access; answers are raw text."""

    def __init__(self, server, client, login):
        self.server, self.client = server, client
        self.cache = {}
        self.session = web_session(server, login, login)

    def xmlrpc(self, model, method, args, kwargs):
        body = xmlrpc.client.dumps(
            (self.client.db, self.client.uid, self.client.password, model, method,
             list(args), kwargs), "execute_kw", allow_none=True)
        return requests.post(self.client.url + "/xmlrpc/2/object", data=body.encode(),
                             headers={"Content-Type": "text/xml"}, timeout=120).text

    def jsonrpc(self, model, method, args, kwargs):
        return self.session.post(
            "%s/web/dataset/call_kw/%s/%s" % (self.server.url, model, method),
            json={"jsonrpc": "2.0", "method": "call", "params": {
                "model": model, "method": method, "args": list(args),
                "kwargs": kwargs}}, timeout=120).text

    def both(self, model, method, args, kwargs=None):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", HOSTILE)
        return [self.xmlrpc(model, method, args, kwargs),
                self.jsonrpc(model, method, args, kwargs)]


def _value(text):
    """Decoded XML-RPC answer, or None on a fault."""
    try:
        return xmlrpc.client.loads(text)[0][0]
    except (xmlrpc.client.Fault, Exception):  # pylint: disable=broad-except
        return None


def _newest_ids(transport, model):
    key = ("ids", model)
    if key not in transport.cache:
        ids = _value(transport.xmlrpc(model, "search", [[]],
                                      {"limit": 20, "order": "id desc"}))
        transport.cache[key] = ids if isinstance(ids, list) else []
    return transport.cache[key]


def _fields(transport, model):
    key = ("fields", model)
    if key not in transport.cache:
        fields = _value(transport.xmlrpc(model, "fields_get", [],
                                         {"attributes": ["type", "store"]}))
        transport.cache[key] = fields if isinstance(fields, dict) else {}
    return transport.cache[key]


def _standard_calls(transport, model, method):
    """(args, kwargs) for the ORM's own read-side methods."""
    ids = _newest_ids(transport, model)
    if method == "read":
        return [([ids], {})]
    if method == "search_read":
        return [([[]], {"limit": 20, "order": "id desc"})]
    if method in ("search", "search_count"):
        return [([[]], {})]
    if method == "name_get":
        return [([ids], {})]
    if method == "name_search":
        return [([""], {"limit": 20})]
    if method in ("fields_get", "fields_view_get"):
        return [([], {})]
    if method == "load_views":
        return [([[[False, "list"], [False, "form"], [False, "search"]]],
                 {"options": {"load_filters": True}})]
    if method == "check_access_rights":
        return [(["read", False], {})]
    if method == "default_get":
        return [([list(_fields(transport, model))], {})]
    if method == "onchange":
        return [([[], {}, [], {}], {})]
    fields = _fields(transport, model)
    if method == "read_group":
        groupbys = [name for name, desc in fields.items()
                    if desc.get("type") == "many2one" and desc.get("store")][:6]
        return [([[], [name], [name]], {"lazy": True}) for name in groupbys] or [
            ([[], ["id"], []], {})]
    if method == "export_data":
        names = [name for name, desc in fields.items()
                 if desc.get("type") not in ("binary", "one2many", "many2many")]
        return [([ids, names], {})]
    raise AssertionError("no standard recipe for %s" % method)


def _recipes(world, admin):
    """Read-like non-standard methods aimed at the canary records."""
    _forbidden_, refs = world
    jd_order = refs["JD"][1]
    order = admin.call("sale.order", "read", [jd_order],
                       ["picking_ids", "partner_id"])[0]
    picking = order["picking_ids"][0]
    vendor = admin.call("res.partner", "search", [["supplier", "=", True],
                                                  ["customer", "=", False]], limit=1)
    messages = admin.call("mail.message", "search", [], limit=30, order="id desc")
    installed = {module["name"] for module in admin.call(
        "ir.module.module", "search_read", [["state", "=", "installed"]],
        fields=["name"])}
    recipes = gate_recipes.collect(world, admin, installed)
    recipes.update({
        ("ecom.channel", "import_orders"): [(["JD", []], {})],
        ("ecom.channel", "export_stock"): [(["JD"], {})],
        ("ecom.channel", "order_status"): [(["JD", [refs["JD"][0]]], {}),
                                           (["WEB", [refs["WEB"][0]]], {})],
        ("mail.message", "message_fetch"): [([[]], {"limit": 50})],
        ("mail.message", "message_format"): [([messages], {})],
        ("ir.ui.menu", "load_menus"): [([False], {})],
        ("ir.filters", "get_filters"): [(["stock.picking"], {})],
        ("web_tour.tour", "get_consumed_tours"): [([], {})],
        ("ir.model.data", "xmlid_to_res_id"): [(["base.main_company"], {})],
        ("res.users", "has_group"): [(["base.group_user"], {})],
        ("res.users", "context_get"): [([], {})],
        ("res.users", "activity_user_count"): [([], {})],
        ("ir.ui.view", "read_template"): [(["stock.report_picking"], {}),
                                          (["sale.report_saleorder_document"], {})],
        ("stock.picking", "ecom_bin_ordered_lines"): [([[picking]], {})],
        ("stock.picking", "message_get_suggested_recipients"): [([[picking]], {})],
        ("sale.order", "message_get_suggested_recipients"): [([[jd_order]], {})],
        ("res.partner", "ecom_pii_reveal"): [([vendor, "phone", "after_sales",
                                               "scanner"], {})],
    })
    return recipes


def _harmless_default(model, method):
    """Buttons and writes: on no record at all (or refused arguments)."""
    if method == "create":
        return [([False], {})]  # not a dict of values: refused, nothing created
    if method == "name_create":
        return [([], {})]  # no name given: refused
    return [([[]], {})]  # an empty record set


def _scan_method(transport, recipes, model, method):
    if (model, method) in recipes:
        calls = recipes[(model, method)]
    elif method in STANDARD:
        calls = _standard_calls(transport, model, method)
    elif method.startswith(WRITE_LIKE_PREFIXES):
        calls = _harmless_default(model, method)
    else:
        return None  # unscanned: no recipe
    answers = []
    for args, kwargs in calls:
        answers += transport.both(model, method, args, kwargs)
    return answers


def _pdf_text(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        done = subprocess.run(["pdftotext", "-layout", pdf.name, "-"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    # a PDF pdftotext cannot read (no page) is scanned as raw bytes
    return done.stdout.decode() if done.returncode == 0 else \
        content.decode("latin-1")


def _scan_role(odoo_server, rpc, world, recipes, role):
    """(unscanned, scanned count, leaks) of one restricted role."""
    # clients of this thread (an XML-RPC proxy keeps one connection)
    admin = login_as(odoo_server, roles.BY_ROLE["admin"])
    officer = login_as(odoo_server, roles.BY_ROLE["privacy_officer"])
    login, _level = ROLES[role]
    client = rpc(role)
    allowed = officer.call("ecom.gate.rule", "allowed_calls", client.uid)
    assert allowed["gated"], "%s must be gated" % role
    transport = Transport(odoo_server, client, login)
    forbidden = _forbidden(world, role)
    leaks, unscanned, scanned = [], [], 0
    for model, method in allowed["methods"]:
        answers = _scan_method(transport, recipes, model, method)
        if answers is None:
            unscanned.append("%s.%s" % (model, method))
            continue
        scanned += 1
        for text in answers:
            found = [value for value in forbidden if value in text]
            if found:
                leaks.append(("%s.%s" % (model, method), found))
    reports = admin.call("ir.actions.report", "search_read",
                         [["report_name", "in", allowed["reports"]]],
                         fields=["report_name", "model"])
    for report in reports:
        if report["report_name"] == "ecom_pii_guard.report_shipping_label":
            continue  # the one full address a warehouse user gets: logged, quota'd
        ids = _newest_ids(transport, report["model"])[:5]
        if not ids:
            continue
        answer = transport.session.get("%s/report/pdf/%s/%s" % (
            odoo_server.url, report["report_name"], ",".join(map(str, ids))),
            timeout=180)
        text = _pdf_text(answer.content) if answer.content[:4] == b"%PDF" \
            else answer.text
        found = [value for value in forbidden if value in text]
        if found:
            leaks.append(("report " + report["report_name"], found))
    return unscanned, scanned, leaks


@pytest.fixture(scope="module")
def scans(rpc, odoo_server, world):
    """Every role scanned, two roles at a time: one role's calls keep one
    server worker busy, the 2-worker server takes two. {role: result or
    the exception its scan raised}."""
    admin = rpc("admin")
    recipes = _recipes(world, admin)
    for role in sorted(ROLES):
        rpc(role)   # logged in here; each role's client is used by one thread
    results = {}

    def scan(role):
        try:
            results[role] = _scan_role(odoo_server, rpc, world, recipes, role)
        except Exception as error:  # pylint: disable=broad-except
            results[role] = error

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(scan, sorted(ROLES)))
    return results


@pytest.mark.parametrize("role", sorted(ROLES))
def test_scanner_every_allowed_method_of_the_role(scans, role):
    result = scans[role]
    if isinstance(result, Exception):
        raise result
    unscanned, scanned, leaks = result
    assert not unscanned, (
        "allowed for %s but no scanner recipe: add one in gate_recipes/<addon>.py"
        % role, unscanned)
    assert scanned >= 20 or role == "integration", scanned
    assert not leaks, leaks


def test_scanner_sees_canaries_where_they_are_allowed(rpc, world):
    """The canaries are real: the administrator reads them in clear."""
    forbidden, refs = world
    admin = rpc("admin")
    order = admin.call("sale.order", "read", [refs["JD"][1]], ["partner_id"])[0]
    text = json.dumps(admin.call("res.partner", "read", [order["partner_id"][0]],
                                 ["name", "email", "phone"]))
    assert [value for value in forbidden["hidden"] if value in text]
