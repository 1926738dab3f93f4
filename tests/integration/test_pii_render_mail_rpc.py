"""Issue #11 point 2 over real XML-RPC: template rendering and outgoing e-mails.

The two critical paths of the issue, as the attacker called them against a
live 2-worker server: ``mail.template.render_template`` with a template that
calls ``.sudo()``, and reading ``mail.mail`` (portal invitations with their
``/web/signup?token=`` link). The raw XML-RPC answer (faults included) must
not hold any canary value.
"""
import uuid
import xmlrpc.client

import pytest
import requests

ROLES = ["customer_service", "warehouse_operator", "warehouse_manager",
         "purchase_planner", "integration"]


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_pii_guard")


def raw_call(client, model, method, args, kwargs=None):
    """The raw XML text of an execute_kw answer (a fault is an answer too)."""
    body = xmlrpc.client.dumps(
        (client.db, client.uid, client.password, model, method, list(args),
         kwargs or {}), "execute_kw", allow_none=True)
    response = requests.post(client.url + "/xmlrpc/2/object", data=body.encode(),
                             headers={"Content-Type": "text/xml"}, timeout=120)
    return response.text


@pytest.fixture(scope="module")
def seeded(rpc):
    """A customer with canary e-mail and a portal invitation e-mail to it."""
    admin = rpc("admin")
    token = uuid.uuid4().hex[:10]
    canary = {"email": "rndr%s@cnry-mail.example.com" % token,
              "signup": "CnrySignup%s" % token, "name": "Rndrname%s" % token}
    partner = admin.call("res.partner", "create", {
        "name": canary["name"], "email": canary["email"], "customer": True})
    mail = admin.call("mail.mail", "create", {
        "subject": "Your account", "email_to": canary["email"],
        "recipient_ids": [(4, partner)],
        "body_html": "<p>%s /web/signup?token=%s</p>" % (
            canary["name"], canary["signup"])})
    # the administrator still renders (and reads) in clear
    # (one id, not a list: the answer is then the text, not an {id: text} dict)
    assert admin.call("mail.template", "render_template", "${object.email}",
                      "res.partner", partner) == canary["email"]
    return canary, partner, mail


@pytest.mark.parametrize("role", ROLES)
def test_render_template_with_sudo(rpc, seeded, role):
    canary, partner, _mail = seeded
    client = rpc(role)
    text = raw_call(client, "mail.template", "render_template", [
        "${object.env['res.partner'].sudo().browse(%d).email}" % partner,
        "res.partner", client.uid])
    assert canary["email"] not in text
    assert "<name>faultString</name>" in text  # refused, not rendered empty
    # the composer's entry point and a hostile context do not help either
    text = raw_call(client, "mail.compose.message", "render_template", [
        "${object.sudo().email}", "res.partner", partner],
        {"context": {"safe": True}})
    assert canary["email"] not in text


@pytest.mark.parametrize("role", ROLES)
def test_mail_mail_unreadable(rpc, seeded, role):
    canary, _partner, mail = seeded
    client = rpc(role)
    answers = [
        raw_call(client, "mail.mail", "search_read", [[]],
                 {"fields": ["body_html", "email_to", "subject"]}),
        raw_call(client, "mail.mail", "read", [[mail], ["body_html", "email_to"]]),
        raw_call(client, "mail.mail", "search_count",
                 [[["body_html", "like", canary["signup"]]]]),
    ]
    for text in answers:
        assert canary["signup"] not in text
        assert canary["email"] not in text
    # no oracle either: the search finds nothing
    assert "<int>0</int>" in answers[2] or "faultString" in answers[2]
