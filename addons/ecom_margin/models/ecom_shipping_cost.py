# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class EcomShippingCost(models.Model):
    """The real cost of a delivery, as the carrier billed it, imported with
    ``ecom.channel.import_shipping_costs``; it replaces the estimate of the
    order. One row per (channel, reference): importing it again updates it."""

    _name = "ecom.shipping.cost"
    _description = "Imported shipping cost"
    _order = "id desc"
    _rec_name = "ref"

    channel_id = fields.Many2one("ecom.channel", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    order_id = fields.Many2one("sale.order", required=True, readonly=True,
                               index=True, ondelete="cascade")
    picking_id = fields.Many2one("stock.picking", readonly=True,
                                 ondelete="set null")
    ref_type = fields.Selection([("order_ref", "Order reference"),
                                 ("tracking_ref", "Tracking reference")],
                                required=True, readonly=True)
    ref = fields.Char("Reference", required=True, readonly=True)
    cost = fields.Float(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_company = fields.Float("Cost (company currency)", readonly=True)

    _sql_constraints = [
        ("ref_uniq", "unique(channel_id, ref_type, ref)",
         "This channel already has a shipping cost for this reference."),
    ]
