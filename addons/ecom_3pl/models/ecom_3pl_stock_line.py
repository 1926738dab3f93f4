# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 3PL's book: its last stock snapshot plus the changes it reported since."""
from odoo import fields, models


class Ecom3plStockLine(models.Model):
    _name = "ecom.3pl.stock.line"
    _description = "3PL stock as the 3PL reports it"
    _order = "sku"

    backend_id = fields.Many2one("ecom.3pl.backend", required=True, index=True,
                                 ondelete="cascade", readonly=True)
    product_id = fields.Many2one("product.product", index=True, readonly=True,
                                 ondelete="set null")
    sku = fields.Char(required=True, readonly=True)
    qty = fields.Float("Quantity at the 3PL", readonly=True, digits=(16, 4))
    changes = fields.Float(
        "Reported changes since the snapshot", readonly=True, digits=(16, 4))

    _sql_constraints = [
        ("sku_uniq", "unique(backend_id, sku)", "One line per SKU and backend."),
    ]
