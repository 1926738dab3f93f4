"""Shipping labels: the only way a warehouse user gets a full address.

``action_print_shipping_label`` returns the PDF report action; the report
model itself checks the caller, enforces the per-user daily limit and logs
each print (user, picking, time), so calling the report route directly is no
way around the log. The address is read as superuser only inside the report
rendering and only for pickings the caller may read.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from ..services import quota

#: how long a label print waits for a parallel print of the same user
LABEL_LOCK_TIMEOUT_MS = 2000

LABEL_LIMIT_PARAM = "ecom_pii_guard.label_daily_limit"
LABEL_LIMIT_DEFAULT = 300
LABEL_REPORT = "ecom_pii_guard.report_shipping_label"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.multi
    def action_print_shipping_label(self):
        self.check_access_rule("read")
        not_outgoing = self.filtered(lambda p: p.picking_type_code != "outgoing")
        if not_outgoing:
            raise UserError(_(
                "Shipping labels are printed for deliveries only: %s is not one.")
                % not_outgoing[0].name)
        return self.env.ref("ecom_pii_guard.action_report_shipping_label") \
            .report_action(self)

    @api.multi
    def _ecom_label_log(self):
        """Check the daily limit for the current user and log one print per picking."""
        user = self.env.user
        if not (user.has_group("stock.group_stock_user")
                or user.has_group("base.group_system")):
            raise AccessError(_("Only warehouse staff print shipping labels."))
        self.check_access_rights("read")
        self.check_access_rule("read")
        params = self.env["ir.config_parameter"].sudo()  # reading a setting
        limit = quota.parse_limit(params.get_param(LABEL_LIMIT_PARAM),
                                  LABEL_LIMIT_DEFAULT)
        # sudo: the counter row is the caller's own, one per user and day;
        # it serialises his parallel prints without queueing them behind a
        # PDF rendering (see ecom_pii_quota_usage.py)
        usage = self.env["ecom.pii.quota.usage"].sudo()
        try:
            usage._consume("label", user, limit, wanted=len(self),
                           lock_timeout=LABEL_LOCK_TIMEOUT_MS)
        except quota.QuotaExceeded as err:
            raise UserError(_(
                "Daily limit of %s shipping labels reached (%s printed today).")
                % (limit, err.used))
        except quota.QuotaBusy:
            raise UserError(_(
                "Another shipping label print of yours is running: print again "
                "when it is done."))
        Log = self.env["ecom.pii.access.log"].sudo()  # append-only log
        for picking in self:
            Log.create({"kind": "label", "picking_id": picking.id,
                        "partner_id": picking.partner_id.id or False,
                        "field_names": "name,street,street2,zip,city,phone",
                        "user_id": user.id})


class ShippingLabelReport(models.AbstractModel):
    _name = "report.ecom_pii_guard.report_shipping_label"
    _description = "Shipping label (full address, logged)"

    @api.model
    def get_report_values(self, docids, data=None):
        if not getattr(self.env.all, "_ecom_pii_label_pdf", False):
            raise UserError(_("Shipping labels are printed as PDF only."))
        pickings = self.env["stock.picking"].browse(docids)
        pickings._ecom_label_log()
        addresses = {}
        # sudo: the caller may read these pickings (checked and logged above); the
        # full address goes into this PDF only, never into a record cache of his
        for picking in pickings.sudo():
            partner = picking.partner_id
            addresses[picking.id] = {
                "name": partner.name or "",
                "street": partner.street or "", "street2": partner.street2 or "",
                "zip": partner.zip or "", "city": partner.city or "",
                "state": partner.state_id.name or "",
                "country": partner.country_id.name or "",
                "phone": partner.mobile or partner.phone or "",
                "reference": picking.origin or "",
            }
        return {"doc_ids": docids, "doc_model": "stock.picking", "docs": pickings,
                "addresses": addresses}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def render_qweb_pdf(self, res_ids=None, data=None):
        if self.report_name != LABEL_REPORT:
            return super().render_qweb_pdf(res_ids, data=data)
        # Not a context key: a caller of /report/html could forge that.
        self.env.all._ecom_pii_label_pdf = True
        try:
            return super().render_qweb_pdf(res_ids, data=data)
        finally:
            self.env.all._ecom_pii_label_pdf = False
