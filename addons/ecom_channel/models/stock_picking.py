# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_channel_id = fields.Many2one(
        "ecom.channel", string="Channel", related="sale_id.ecom_channel_id",
        store=True, readonly=True, index=True)
    ecom_delivered_at = fields.Datetime(
        "Delivered At", copy=False, readonly=True,
        help="When the carrier reported the parcel delivered to the customer.")

    @api.multi
    def action_ecom_mark_delivered(self):
        if any(picking.state != "done" for picking in self):
            raise UserError(_(
                "Only shipped (done) deliveries can be marked delivered."))
        self.filtered(lambda p: not p.ecom_delivered_at).write(
            {"ecom_delivered_at": fields.Datetime.now()})
        return True
