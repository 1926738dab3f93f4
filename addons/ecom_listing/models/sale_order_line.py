# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    """A component line keeps the platform line it comes from."""

    _inherit = "sale.order.line"

    ecom_listing_id = fields.Many2one(
        "ecom.channel.listing", string="Channel Listing", index=True,
        ondelete="set null", readonly=True, copy=False,
        help="The bundle or multi-pack the shop sold; this line is one of its "
             "components.")
    ecom_platform_line_ref = fields.Char(
        "Platform Line", readonly=True, copy=False,
        help="The platform's line id, or lines[n] of the imported order.")
    ecom_listing_qty = fields.Float(
        "Listings Sold", readonly=True, copy=False,
        help="Quantity of the platform line (bundles or packs).")
