# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    ecom_vendor_reason = fields.Char(
        "Vendor Choice", readonly=True,
        help="Why the replenishment run chose this vendor for this product.")
