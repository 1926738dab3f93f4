# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class EcomChannelListingLine(models.Model):
    """A component of a listing: product x quantity per listing sold.

    Warehouse roles read these lines (what to pick for a gift box) and the
    listing's codes through the related fields, not the listings themselves.
    """

    _name = "ecom.channel.listing.line"
    _description = "Channel listing component"
    _order = "listing_id, sequence, id"

    listing_id = fields.Many2one(
        "ecom.channel.listing", required=True, index=True, ondelete="cascade")
    channel_id = fields.Many2one(
        related="listing_id.channel_id", store=True, index=True, readonly=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="restrict",
        domain=[("type", "=", "product")])
    default_code = fields.Char(related="product_id.default_code", readonly=True)
    quantity = fields.Float(
        "Quantity per Listing", required=True, default=1.0,
        digits=(16, 3))
    product_uom_id = fields.Many2one(related="product_id.uom_id", readonly=True)
    # stored: warehouse staff search and group by them without reading the
    # listings (no access to those)
    listing_name = fields.Char(related="listing_id.name", readonly=True,
                               store=True, string="Listing Title")
    seller_code = fields.Char(related="listing_id.seller_code", readonly=True,
                              store=True, index=True)
    platform_item_id = fields.Char(related="listing_id.platform_item_id",
                                   readonly=True, store=True)
    platform_sku_id = fields.Char(related="listing_id.platform_sku_id",
                                  readonly=True, store=True, index=True)
    listing_active = fields.Boolean(related="listing_id.active", readonly=True,
                                    store=True)

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)",
         "The quantity per listing must be positive."),
        ("product_uniq", "unique(listing_id, product_id)",
         "A product appears once per listing: raise its quantity instead."),
    ]

    @api.multi
    def name_get(self):
        return [(line.id, "%g x %s" % (line.quantity, line.product_id.display_name))
                for line in self]
