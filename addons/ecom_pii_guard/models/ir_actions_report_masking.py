"""Printed reports as restricted roles may read them (issue #11, point 7).

Three layers, for the ``masked`` and ``hidden`` levels, whatever the gate
allows:

* templates read documents as the caller, so fields and partner widgets come
  masked (``res_partner.py``, ``ir_qweb_field.py``, ``report/*.xml``); what a
  template still reads as superuser or copies into free text (a buyer's note,
  ``o.sudo().partner_id.vat`` of core's picking operations) is caught on the
  rendered HTML: the known values of the documents' protected partners are
  masked in it (:meth:`_ecom_pii_mask_html`) before wkhtmltopdf sees it;
* a report whose values are built by a ``report.<name>`` model may read with
  SQL or as superuser (core's ledgers print partner names straight from SQL):
  refused unless listed in ``SAFE_REPORT_BUILDERS``;
* stored PDFs (``attachment_use``) were printed by someone else, maybe in
  clear: never handed to these levels, and what they print is not stored for
  others (a masked invoice must not be sent to the customer later).

The shipping label is printed in clear on purpose (logged and counted, see
``stock_picking.py``).
"""
from odoo import _, api, models
from odoo.exceptions import AccessError

from .stock_picking import LABEL_REPORT

#: Reports with a ``report.<name>`` value builder known to read as the caller
#: (or, for the label, to check, log and count what it prints in clear).
SAFE_REPORT_BUILDERS = frozenset([
    LABEL_REPORT,
    "product.report_pricelist",  # product prices of a pricelist, no partner
])
#: Reports printed without masking, for every level.
CLEAR_REPORTS = frozenset([LABEL_REPORT])


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _ecom_pii_report_level(self):
        """The caller's level, ``clear`` for reports printed in clear on purpose."""
        if self.report_name in CLEAR_REPORTS:
            return "clear"
        return self.env["res.partner"]._ecom_pii_level()

    @api.model
    def _ecom_pii_check_builder(self):
        if "report.%s" % self.report_name in self.env and \
                self.report_name not in SAFE_REPORT_BUILDERS:
            raise AccessError(_(
                "Report %s (%s): its content is read outside the customer data "
                "guard, it is not available to your role.")
                % (self.name, self.report_name))

    @api.model
    def _ecom_pii_mask_html(self, html, docids, level):
        """``html`` with the values of the documents' protected partners masked."""
        ids = [i for i in docids or [] if isinstance(i, int)]
        texts = self.env["ecom.pii.text"]
        masker = texts._ecom_text_masker(
            texts._ecom_document_partner_ids([(self.model, i) for i in ids]), level)
        if masker is None:
            return html
        if isinstance(html, bytes):
            return masker.html(html.decode("utf-8")).encode("utf-8")
        return masker.html(html)

    @api.model
    def render_qweb_html(self, docids, data=None):
        level = self._ecom_pii_report_level()
        if level == "clear":
            return super().render_qweb_html(docids, data=data)
        self._ecom_pii_check_builder()
        html, kind = super().render_qweb_html(docids, data=data)
        return self._ecom_pii_mask_html(html, docids, level), kind

    @api.multi
    def retrieve_attachment(self, record):
        if self._ecom_pii_report_level() != "clear":
            return None
        return super().retrieve_attachment(record)

    @api.multi
    def postprocess_pdf_report(self, record, buffer):
        if self._ecom_pii_report_level() != "clear":
            return None
        return super().postprocess_pdf_report(record, buffer)
