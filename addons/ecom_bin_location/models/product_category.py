# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    ecom_preferred_zone_id = fields.Many2one(
        "stock.location", "Preferred Zone", domain="[('ecom_kind', '=', 'zone')]",
        help="Putaway zone of the category's products that have none of their own.")
