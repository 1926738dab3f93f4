"""Every QWeb report a restricted role can print masks protected customers.

Run as each role. The scanner renders every report whose model the role can
read, on records of the canary customer, and searches the HTML; the documents
warehouse and purchasing staff print every day are also converted to PDF by
wkhtmltopdf and their text (pdftotext) is searched, as a reader of the paper
would. The shipping label is the one report printed in clear on purpose
(logged and counted: test_stock_flow).
"""
import shutil
import subprocess
import time

from odoo.addons.base.ir.ir_qweb.qweb import QWebException
from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

from .common import CANARY, PiiCase, canaries_in

HIDDEN_ROLES = ("warehouse_operator", "warehouse_manager", "purchase_planner")
LABEL_REPORT = "ecom_pii_guard.report_shipping_label"
#: Contact values customer service may not see either (it sees names).
CONTACT_CANARIES = [CANARY[f] for f in ("email", "phone", "mobile", "street",
                                        "street2", "vat")]
NOTE = "Leave with Canaryname Zhangxiaosan, call 138 7731 0001"


def pdf_text(pdf):
    """Text of a PDF as pdftotext (poppler-utils, see scripts/bootstrap.sh) reads it."""
    assert shutil.which("pdftotext"), "pdftotext missing: scripts/bootstrap.sh"
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                          stdout=subprocess.PIPE, check=True)
    return done.stdout.decode("utf-8")


class ReportCase(PiiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.order = env["sale.order"].create({
            "partner_id": cls.customer.id,
            "partner_invoice_id": cls.customer.id,
            "partner_shipping_id": cls.delivery_contact.id,
            "client_order_ref": "SO-CANARY-1",
            "note": NOTE,
            "order_line": [(0, 0, {"product_id": cls.product.id,
                                   "product_uom_qty": 2, "price_unit": 9.0})],
        })
        cls.purchase = env["purchase.order"].create({
            "partner_id": cls.vendor.id,
            "dest_address_id": cls.delivery_contact.id,
            "notes": NOTE,
            "order_line": [(0, 0, {
                "product_id": cls.product.id, "name": "PII test widget",
                "product_qty": 5, "price_unit": 3.0,
                "product_uom": cls.product.uom_id.id,
                "date_planned": "2026-12-01 10:00:00"})],
        })
        income = env["account.account"].search(
            [("user_type_id.type", "=", "other")], limit=1)
        cls.invoice = env["account.invoice"].create({
            "partner_id": cls.customer.id,
            "account_id": cls.customer.property_account_receivable_id.id,
            "comment": NOTE,
            "invoice_line_ids": [(0, 0, {
                "name": "PII test widget", "product_id": cls.product.id,
                "quantity": 1, "price_unit": 10.0, "account_id": income.id})],
        })
        cls.invoice.action_invoice_open()
        cls.delivery.note = NOTE

    def report(self, name, role=None):
        report = self.env["ir.actions.report"]._get_report_from_name(name)
        return report.sudo(self.users[role]) if role else report

    def render(self, name, role, ids, data=None):
        html = self.report(name, role).render_qweb_html(ids, data=data)[0]
        return html.decode("utf-8") if isinstance(html, bytes) else html

    def render_or_refused(self, name, role, ids):
        """The HTML, or None when the role is refused (an AccessError, maybe
        raised inside the template)."""
        try:
            with self.env.cr.savepoint():
                return self.render(name, role, ids)
        except AccessError:
            return None
        except QWebException as err:
            if isinstance(err.error, AccessError):
                return None
            raise

    def render_pdf_text(self, name, role, ids):
        """The PDF as the role prints it (wkhtmltopdf), as text.

        Under tests core renders HTML only (``render_qweb_pdf``); the same
        HTML goes through core's own conversion steps here.
        """
        html = self.render(name, role, ids)
        report = self.report(name)
        bodies, _ids, header, footer, paper = report._prepare_html(html)
        pdf = report._run_wkhtmltopdf(bodies, header=header, footer=footer,
                                      specific_paperformat_args=paper)
        return pdf_text(pdf)

    def docs_for(self, model):
        """Records of ``model`` about the canary customer, else any record."""
        Model = self.env[model].with_context(active_test=False)
        partners = [self.customer.id, self.delivery_contact.id]
        names = [name for name, field in Model._fields.items()
                 if field.type == "many2one" and field.comodel_name == "res.partner"
                 and field.store]
        if model == "res.partner":
            return Model.browse(partners)
        domain = ["|"] * (len(names) - 1) + [(n, "in", partners) for n in names]
        return (names and Model.search(domain, limit=3)) or Model.search([], limit=1)


class TestReports(ReportCase):
    def test_every_readable_report_masks_customers(self):
        """Scanner: each role, each report it can read the model of."""
        reports = self.env["ir.actions.report"].search(
            [("report_type", "in", ("qweb-pdf", "qweb-html"))])
        for role in HIDDEN_ROLES + ("customer_service",):
            user = self.users[role]
            rendered, refused, leaks = [], [], []
            for report in reports:
                if report.model not in self.env or report.report_name == LABEL_REPORT:
                    continue
                if not self.env[report.model].sudo(user).check_access_rights(
                        "read", raise_exception=False):
                    continue
                if report.groups_id and not report.groups_id & user.groups_id:
                    continue
                docs = self.docs_for(report.model)
                try:
                    html = self.render_or_refused(report.report_name, role, docs.ids)
                except Exception:  # pylint: disable=broad-except
                    # a wizard's report without its data (UserError, KeyError),
                    # core's own template bugs (xrange in
                    # stock.report_location_barcode): nothing printed, no leak
                    html = None
                if html is None:
                    refused.append(report.report_name)
                    continue
                rendered.append(report.report_name)
                found = canaries_in(html) if role != "customer_service" else [
                    value for value in CONTACT_CANARIES if value in html]
                if found:
                    leaks.append((report.report_name, found))
            self.assertEqual(leaks, [], role)
            # the scanner did render the documents of the role's work
            expected = {"stock.report_picking", "stock.report_deliveryslip"}
            if role == "purchase_planner":
                expected = {"purchase.report_purchaseorder",
                            "purchase.report_purchasequotation"}
            elif role == "customer_service":
                expected = set()  # the canary customer is in none of its channels
            self.assertLessEqual(expected, set(rendered), (role, refused))

    def test_picking_operations_pdf_masks_vat_and_note(self):
        # core prints o.sudo().partner_id.vat; the note names the customer
        self.delivery.partner_id = self.customer
        text = self.render_pdf_text("stock.report_picking", "warehouse_operator",
                                    self.delivery.ids)
        self.assertIn(self.delivery.name, text)  # the PDF text was read
        self.assertIn("Leave with C********* Z***********, call 138****0001", text)
        self.assertEqual(canaries_in(text), [])

    def test_delivery_slip_pdf_shows_masked_recipient(self):
        text = self.render_pdf_text("stock.report_deliveryslip",
                                    "warehouse_operator", self.delivery.ids)
        self.assertIn(self.delivery.name, text)
        self.assertIn("C********* D******* · ", text)
        self.assertEqual(canaries_in(text), [])

    def test_sale_order_masks_customer_and_buyer_note(self):
        """Printable by warehouse roles (or refused to them): never in clear."""
        for role in ("warehouse_operator", "warehouse_manager"):
            html = self.render_or_refused("sale.report_saleorder", role,
                                          self.order.ids)
            if html is None:
                continue
            self.assertIn(self.order.name, html)
            self.assertIn("Leave with C********* Z***********", html)
            self.assertEqual(canaries_in(html), [], role)

    def test_purchase_documents_pdf_for_planner(self):
        for name in ("purchase.report_purchaseorder",
                     "purchase.report_purchasequotation"):
            text = self.render_pdf_text(name, "purchase_planner", self.purchase.ids)
            self.assertIn("Vendor Steel Co", text)  # vendors stay readable
            self.assertEqual(canaries_in(text), [], name)

    def test_invoice_pdf_and_stored_copy(self):
        report = self.report("account.report_invoice")
        self.assertTrue(report.attachment)
        # a copy printed by accounting, stored in clear, is never handed out
        stored = self.env["ir.attachment"].create({
            "name": "stored", "datas_fname": self._invoice_attachment_name(report),
            "res_model": "account.invoice", "res_id": self.invoice.id,
            "datas": "Q2FuYXJ5bmFtZSBaaGFuZ3hpYW9zYW4=", "type": "binary"})
        self.assertEqual(report.retrieve_attachment(self.invoice), stored)
        role_report = self.report("account.report_invoice", "warehouse_manager")
        self.assertFalse(role_report.retrieve_attachment(
            self.invoice.sudo(self.users["warehouse_manager"])))
        # and what a restricted role prints is not stored for others either
        self.assertIsNone(role_report.postprocess_pdf_report(
            self.invoice.sudo(self.users["warehouse_manager"]), b"%PDF-masked"))
        html = self.render_or_refused("account.report_invoice", "warehouse_manager",
                                      self.invoice.ids)
        if html is not None:
            self.assertIn(self.invoice.number, html)
            self.assertEqual(canaries_in(html), [])

    def _invoice_attachment_name(self, report):
        return safe_eval(report.attachment, {"object": self.invoice, "time": time})

    def test_reports_built_outside_the_orm_are_refused(self):
        """General ledger: partner names straight from SQL; refused, not leaked."""
        data = {"form": {"display_account": "all", "initial_balance": False,
                         "sortby": "sort_date", "used_context": {},
                         "journal_ids": False, "target_move": "posted",
                         "date_from": False, "date_to": False}}
        wizard = "account.report.general.ledger"
        report = self.report("account.report_generalledger")
        html = report.with_context(active_model=wizard).render_qweb_html(
            [], data=data)[0].decode("utf-8")
        self.assertIn("Canaryname Zhangxiaosan", html)  # admin: the real thing
        for role in HIDDEN_ROLES + ("customer_service",):
            role_report = self.report("account.report_generalledger", role)
            with self.assertRaises(AccessError) as caught:
                role_report.with_context(active_model=wizard).render_qweb_html(
                    [], data=data)
            self.assertIn("General Ledger", str(caught.exception))

    def test_template_fields_read_as_superuser_are_masked(self):
        """A t-field on a partner read with sudo() prints as the caller sees it."""
        qweb = self.env["ir.qweb"].sudo(self.users["warehouse_operator"])
        view = self.env["ir.ui.view"].create({
            "name": "pii probe", "type": "qweb", "key": "ecom_pii_guard.pii_probe",
            "arch": """<t t-name="ecom_pii_guard.pii_probe"><div>
                <span t-field="p.sudo().vat"/> <span t-field="p.sudo().phone"/>
                <span t-field="p.sudo().name"/>
                <span t-field="o.sudo().partner_id"
                      t-options='{"widget": "contact", "fields": ["address", "name",
                                  "phone", "email"]}'/>
                <span t-field="o.sudo().partner_id"/></div></t>"""})
        html = qweb.render(view.id, {
            "p": self.customer.sudo(self.users["warehouse_operator"]),
            "o": self.delivery.sudo(self.users["warehouse_operator"])}).decode()
        self.assertEqual(canaries_in(html), [])
        self.assertIn("CN********RY", html)
        self.assertIn("· SO-CANARY-1", html)
