# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    ecom_3pl_backend_ids = fields.One2many(
        "ecom.3pl.backend", "warehouse_id", string="3PL connection")
