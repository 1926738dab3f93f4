# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

REASONS = [
    ("damaged", "Damaged"),
    ("wrong_item", "Wrong item"),
    ("quality", "Quality defect"),
    ("expired", "Expired / short dated"),
    ("over_delivery", "Over-delivery"),
    ("other", "Other"),
]


class EcomReceiptRejection(models.Model):
    """Quantity refused at a receipt, per vendor and reason: the vendor
    scorecard's quality rate is 1 - rejected / received."""

    _name = "ecom.receipt.rejection"
    _description = "Rejected quantity at receipt"
    _order = "date desc, id desc"

    picking_id = fields.Many2one(
        "stock.picking", "Receipt", required=True, ondelete="cascade",
        domain=[("picking_type_code", "=", "incoming")])
    partner_id = fields.Many2one(
        "res.partner", "Vendor", related="picking_id.partner_id", store=True,
        readonly=True)
    purchase_id = fields.Many2one(
        "purchase.order", related="picking_id.purchase_id", store=True, readonly=True)
    product_id = fields.Many2one("product.product", required=True)
    quantity = fields.Float(required=True, digits=(16, 3))
    reason = fields.Selection(REASONS, required=True)
    note = fields.Char()
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", related="picking_id.company_id", store=True, readonly=True)

    @api.constrains("quantity", "product_id", "picking_id")
    def _check_quantity(self):
        for rejection in self:
            if rejection.quantity <= 0:
                raise ValidationError(_(
                    "Rejected quantity (quantity) must be positive, got %s.")
                    % rejection.quantity)
            products = rejection.picking_id.move_lines.mapped("product_id")
            if rejection.product_id not in products:
                raise ValidationError(_(
                    "Product (product_id) %(product)s is not on receipt "
                    "%(picking)s.") % {
                        "product": rejection.product_id.display_name,
                        "picking": rejection.picking_id.name})
