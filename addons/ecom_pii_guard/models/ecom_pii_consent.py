"""Privacy-policy consent of a customer, recorded at order intake."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class EcomPiiConsent(models.Model):
    _name = "ecom.pii.consent"
    _description = "Privacy-policy consent"
    _order = "accepted_at desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True,
        ondelete="restrict")
    channel_id = fields.Many2one(
        "ecom.channel", string="Channel", readonly=True, index=True,
        ondelete="restrict")
    order_id = fields.Many2one(
        "sale.order", string="Order", readonly=True, ondelete="set null")
    order_ref = fields.Char(string="Order reference", readonly=True)
    version = fields.Char(string="Policy version", required=True, readonly=True)
    accepted_at = fields.Datetime(required=True, readonly=True)

    @api.multi
    def write(self, vals):
        if set(vals) - {"order_id"}:
            raise UserError(_("Consent records cannot be changed."))
        return super().write(vals)


class EcomChannel(models.Model):
    _inherit = "ecom.channel"

    @api.model
    def _intake_after_order(self, order, payload):
        res = super()._intake_after_order(order, payload)
        consent = payload.get("consent") if isinstance(payload, dict) else None
        if consent:
            # sudo: the intake has validated the order; consent rows are written
            # by the intake only (no ACL gives create to anyone)
            self.env["ecom.pii.consent"].sudo().create({
                "partner_id": order.partner_id.commercial_partner_id.id,
                "channel_id": order.ecom_channel_id.id,
                "order_id": order.id,
                "order_ref": order.name,
                "version": consent["version"],
                "accepted_at": consent.get("accepted_at") or fields.Datetime.now(),
            })
        return res

    @api.model
    def create(self, vals):
        channel = super().create(vals)
        if vals.get("customer_service_user_ids"):
            self.env["ir.rule"].clear_caches()
        return channel

    @api.multi
    def write(self, vals):
        res = super().write(vals)
        if "customer_service_user_ids" in vals or "active" in vals:
            # the rules compare with the assignment in SQL, so they follow it at
            # once; clearing also signals the other workers, in case a module
            # adds a rule whose domain is computed from the assignment
            self.env["ir.rule"].clear_caches()
        return res
