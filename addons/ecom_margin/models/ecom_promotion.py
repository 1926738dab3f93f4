# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class EcomPromotion(models.Model):
    _inherit = "ecom.promotion"

    discount_percent = fields.Float(
        "Price Discount (%)",
        help="Discount on the channel price while the promotion runs; the form "
             "warns when it takes a product below its cost plus the channel's fees.")
    margin_warning = fields.Text(
        compute="_compute_margin_warning",
        help="Products this discount sells below break-even, per channel.")

    @api.depends("discount_percent", "product_ids", "categ_ids", "warehouse_id")
    def _compute_margin_warning(self):
        lines = self.env["ecom.break.even.line"]
        # sudo: channels, pricelists and warehouse costs are read to compute the
        # warning (a planner may not read pricelists); the text names products,
        # channels and prices only.
        channels = self.env["ecom.channel"].sudo().search([])
        for promo in self:
            if not promo.discount_percent or not promo.id:
                promo.margin_warning = False
                continue
            rows = lines.sudo()._compute_rows(channels, promotions=promo,
                                              only_promotions=False)
            below = [r for r in rows if r["source"] == "promotion" and r["gap"] < 0]
            promo.margin_warning = lines._warning_text(below)

    @api.multi
    def _ecom_scope_product_ids(self):
        """Ids of the products the promotion covers (its products and every
        product of its categories and their sub-categories)."""
        self.ensure_one()
        ids = set(self.product_ids.ids)
        if self.categ_ids:
            ids |= set(self.env["product.product"].search([
                ("categ_id", "child_of", self.categ_ids.ids)]).ids)
        return ids
