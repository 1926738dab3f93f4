# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class EcomPromotionLift(models.Model):
    """The measured lift of one promotion on one channel x SKU."""

    _name = "ecom.promotion.lift"
    _description = "Measured promotion lift (channel x SKU)"
    _order = "promotion_id, incremental_units desc"
    _rec_name = "promotion_id"

    promotion_id = fields.Many2one("ecom.promotion", required=True, index=True,
                                   ondelete="cascade", readonly=True)
    channel_id = fields.Many2one("ecom.channel", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    baseline_daily_units = fields.Float("Baseline Units/Day", readonly=True)
    actual_daily_units = fields.Float("Actual Units/Day", readonly=True)
    lift = fields.Float(readonly=True, digits=(16, 2), group_operator="avg",
                        help="Actual / baseline daily units (0 = no baseline).")
    incremental_units = fields.Float(readonly=True)
    incremental_margin = fields.Float(readonly=True)
    baseline_days = fields.Integer(readonly=True)
    promo_days = fields.Integer("Promotion Days", readonly=True)
