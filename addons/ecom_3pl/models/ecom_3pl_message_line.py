# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quantities per SKU of a message (pushes and confirmations), for the
reconciliation's in-flight sums (aggregated in SQL)."""
from odoo import fields, models


class Ecom3plMessageLine(models.Model):
    _name = "ecom.3pl.message.line"
    _description = "3PL message line"

    message_id = fields.Many2one("ecom.3pl.message", required=True, index=True,
                                 ondelete="cascade", readonly=True)
    product_id = fields.Many2one("product.product", index=True, readonly=True,
                                 ondelete="set null")
    sku = fields.Char(readonly=True)
    qty = fields.Float(readonly=True, digits=(16, 4))
