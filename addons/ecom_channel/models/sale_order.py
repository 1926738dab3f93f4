# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecom_channel_id = fields.Many2one(
        "ecom.channel", string="Channel", index=True, ondelete="restrict", copy=False)
    ecom_external_ref = fields.Char(
        "Channel Order Ref", index=True, copy=False, readonly=True,
        help="The order number on the shop or marketplace.")

    _sql_constraints = [
        # the name is relied upon by ecom.channel._intake_one (ORDER_REF_CONSTRAINT)
        ("ecom_channel_ref_uniq", "unique(ecom_channel_id, ecom_external_ref)",
         "This channel already has an order with this external reference."),
    ]

    @api.multi
    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        vals["ecom_channel_id"] = self.ecom_channel_id.id
        return vals

    @api.multi
    def _ecom_status(self):
        """quotation, confirmed, picking, shipped, delivered or cancelled."""
        self.ensure_one()
        if self.state in ("draft", "sent"):
            return "quotation"
        if self.state == "cancel":
            return "cancelled"
        pickings = self.picking_ids.filtered(lambda p: p.state != "cancel")
        deliveries = pickings.filtered(lambda p: p.picking_type_code == "outgoing")
        if deliveries and all(p.state == "done" for p in deliveries):
            if all(p.ecom_delivered_at for p in deliveries):
                return "delivered"
            return "shipped"
        started = any(
            p.printed or (p.picking_type_code != "outgoing" and p.state == "done")
            or any(line.qty_done for line in p.move_line_ids)
            for p in pickings)
        return "picking" if started else "confirmed"
