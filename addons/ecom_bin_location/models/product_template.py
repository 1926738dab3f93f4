# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    ecom_fixed_bin_id = fields.Many2one(
        "stock.location", "Fixed Bin", domain="[('ecom_kind', '=', 'bin')]",
        help="Putaway sends receipts of this product here first (when it fits).")
    ecom_preferred_zone_id = fields.Many2one(
        "stock.location", "Preferred Zone", domain="[('ecom_kind', '=', 'zone')]",
        help="Putaway fills the first bin of this zone with room (code order). "
             "Empty: the product category's preferred zone.")
