"""Printed PDFs and chatter of a protected customer, as the restricted roles get them.

A live 2-worker server renders the real PDF (wkhtmltopdf, report routes of a
web session); the test reads its text with pdftotext, as a reader of the paper
would, and searches it for the customer's canary values. Seeding as
administrator; every assertion as the role.
"""
import re
import shutil
import subprocess
import uuid

import pytest
import requests

from harness import roles


@pytest.fixture(autouse=True)
def _needs(require_addons):
    require_addons("ecom_pii_guard")


def pdf_text(pdf):
    assert shutil.which("pdftotext"), "pdftotext missing: scripts/bootstrap.sh"
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                          stdout=subprocess.PIPE, check=True)
    return done.stdout.decode("utf-8")


def web_session(odoo_server, role):
    user = roles.BY_ROLE[role]
    session = requests.Session()
    answer = session.post(odoo_server.url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": odoo_server.db, "login": user.login,
                                     "password": user.password}}, timeout=60)
    assert answer.json()["result"]["uid"]
    return session


@pytest.fixture(scope="module")
def seeded(rpc):
    token = uuid.uuid4().hex[:8]
    values = {"name": "Pdfcnry%s Surnamecnry" % token,
              "email": "pdfcnry%s@mail-cnry.example.com" % token,
              "phone": "1390%s" % str(int(token, 16))[:7].rjust(7, "7"),
              "street": "Pdfstreet %s" % token, "vat": "CN%sVAT" % token.upper()}
    admin = rpc("admin")
    customer = admin.call("res.partner", "create", dict(values, customer=True))
    product = admin.call("product.product", "search",
                         [["default_code", "=", "TEA-LJ-250"]])[0]
    uom = admin.call("product.product", "read", [product], ["uom_id"])[0]["uom_id"][0]
    stock, customers = admin.ref("stock.stock_location_stock"), admin.ref(
        "stock.stock_location_customers")
    note = "Leave with %s, call %s" % (values["name"], values["phone"])
    picking = admin.call("stock.picking", "create", {
        "picking_type_id": admin.ref("stock.picking_type_out"),
        "partner_id": customer, "location_id": stock,
        "location_dest_id": customers, "origin": "PDF-%s" % token, "note": note,
        "move_lines": [(0, 0, {"name": "tea", "product_id": product,
                               "product_uom": uom, "product_uom_qty": 1,
                               "location_id": stock, "location_dest_id": customers})]})
    vendor = admin.call("res.partner", "search", [["supplier", "=", True]], limit=1)[0]
    purchase = admin.call("purchase.order", "create", {
        "partner_id": vendor, "dest_address_id": customer, "notes": note,
        "order_line": [(0, 0, {"product_id": product, "name": "tea",
                               "product_qty": 5, "price_unit": 3.0,
                               "product_uom": uom,
                               "date_planned": "2026-12-01 10:00:00"})]})
    message = admin.call("stock.picking", "message_post", [picking],
                         body="<p>Called %s about delivery</p>" % values["name"],
                         message_type="comment", subtype="mail.mt_note")
    names = admin.call("stock.picking", "read", [picking], ["name"])[0]["name"]
    return {"values": values, "picking": picking, "picking_name": names,
            "purchase": purchase, "message": message, "token": token}


def found(values, text):
    needles = list(values.values()) + [values["name"].split()[0]]
    return [needle for needle in needles if needle in text]


@pytest.mark.parametrize("role, report, key", [
    ("warehouse_operator", "stock.report_picking", "picking"),
    ("warehouse_operator", "stock.report_deliveryslip", "picking"),
    ("warehouse_manager", "stock.report_picking", "picking"),
    ("purchase_planner", "purchase.report_purchaseorder", "purchase"),
    ("purchase_planner", "purchase.report_purchasequotation", "purchase"),
])
def test_pdf_text_has_no_customer_data(odoo_server, seeded, role, report, key):
    session = web_session(odoo_server, role)
    answer = session.get("%s/report/pdf/%s/%s" % (
        odoo_server.url, report, seeded[key]), timeout=300)
    assert answer.status_code == 200, answer.text[:500]
    assert answer.content.startswith(b"%PDF"), answer.content[:200]
    text = pdf_text(answer.content)
    assert found(seeded["values"], text) == [], (report, text)
    if key == "picking":
        assert seeded["picking_name"] in text  # the text was read
    if report == "stock.report_picking":  # prints the picking's note
        assert "Leave with " in text and " S**********, call 139****" in text


def test_download_file_name_is_masked(odoo_server, seeded):
    session = web_session(odoo_server, "warehouse_operator")
    url = "/report/pdf/stock.report_picking/%s" % seeded["picking"]
    page = session.get(odoo_server.url + "/web", timeout=120).text
    csrf = re.search(r'csrf_token: "([^"]+)"', page).group(1)
    answer = session.post(odoo_server.url + "/report/download", data={
        "data": '["%s", "qweb-pdf"]' % url, "token": "t", "csrf_token": csrf},
        timeout=300)
    assert answer.status_code == 200, answer.text[:500]
    disposition = answer.headers.get("Content-Disposition", "")
    assert seeded["picking_name"].replace("/", "") in disposition.replace("/", "") \
        or "Picking" in disposition, disposition
    assert found(seeded["values"], disposition) == [], disposition
    assert found(seeded["values"], pdf_text(answer.content)) == []


@pytest.mark.parametrize("role", ["warehouse_operator", "purchase_planner"])
def test_chatter_note_masks_customer_name(rpc, seeded, role):
    client = rpc(role)
    rows = client.call("mail.message", "message_format", [seeded["message"]])
    assert rows and "about delivery" in rows[0]["body"]
    assert found(seeded["values"], str(rows)) == [], rows
