# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_rejection_ids = fields.One2many(
        "ecom.receipt.rejection", "picking_id", "Rejected Quantities")
