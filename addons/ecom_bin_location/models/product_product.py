# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

ABC_SELECTION = [("a", "A"), ("b", "B"), ("c", "C")]


class ProductProduct(models.Model):
    _inherit = "product.product"

    ecom_abc_class = fields.Selection(
        ABC_SELECTION, "ABC Class", index=True, copy=False,
        help="Set by the ABC classification from the value that moved out of "
             "stock; drives how often the product is cycle-counted.")

    def _ecom_putaway_zone(self):
        """The product's preferred zone, else its category's."""
        self.ensure_one()
        return self.ecom_preferred_zone_id or self.categ_id.ecom_preferred_zone_id
