# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import promotion


class EcomPromotion(models.Model):
    """A promotion calendar entry: demand of its products (or categories) is
    expected to rise by ``uplift_percent`` between the two dates.

    Promotions apply to every channel; ``warehouse_id`` limits one to the
    stock of one warehouse (a channel-specific promotion is the job of a small
    glue add-on once ecom_channel is installed)."""

    _name = "ecom.promotion"
    _description = "Promotion (demand uplift)"
    _order = "date_from desc, id desc"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    uplift_percent = fields.Float(
        "Uplift (%)", required=True, default=20.0,
        help="Expected extra demand while the promotion runs, e.g. 30 = +30%.")
    product_ids = fields.Many2many(
        "product.product", string="Products", domain=[("type", "=", "product")])
    categ_ids = fields.Many2many(
        "product.category", string="Product Categories",
        help="Every product of these categories and their sub-categories.")
    warehouse_id = fields.Many2one(
        "stock.warehouse", help="Leave empty for every warehouse.")
    company_id = fields.Many2one(
        "res.company", required=True,
        default=lambda self: self.env.user.company_id)
    note = fields.Text()

    @api.constrains("date_from", "date_to", "uplift_percent")
    def _check_dates_uplift(self):
        for promo in self:
            problem = promotion.problem(
                promo.date_from, promo.date_to, promo.uplift_percent)
            if problem == promotion.DATES:
                raise ValidationError(_(
                    "End date (date_to) %(to)s is before the start date %(from)s "
                    "of promotion %(name)s.") % {
                        "to": promo.date_to, "from": promo.date_from,
                        "name": promo.name})
            if problem == promotion.UPLIFT:
                raise ValidationError(_(
                    "Uplift (uplift_percent) must be above -100%%, got %s.")
                    % promo.uplift_percent)

    # date_from is always written at creation: constraints on empty
    # many2many fields alone would not run
    @api.constrains("date_from", "product_ids", "categ_ids")
    def _check_scope(self):
        for promo in self:
            if not promo.product_ids and not promo.categ_ids:
                raise ValidationError(_(
                    "Promotion %s needs products (product_ids) or categories "
                    "(categ_ids).") % promo.name)

    @api.model
    def _promotions_by_product(self, products, date_from, date_to):
        """{(product_id, warehouse_id or False): [(from, to, uplift), ...]} for
        the promotions overlapping [date_from, date_to], in two queries."""
        promos = self.search([
            ("date_to", ">=", fields.Date.to_string(date_from)),
            ("date_from", "<=", fields.Date.to_string(date_to)),
        ])
        result = {}
        if not promos:
            return result
        categ_of = {p.id: p.categ_id.id for p in products}
        entries = []
        for promo in promos:
            categs = set()
            if promo.categ_ids:
                categs = set(self.env["product.category"].search(
                    [("id", "child_of", promo.categ_ids.ids)]).ids)
            entries.append((
                (fields.Date.from_string(promo.date_from),
                 fields.Date.from_string(promo.date_to), promo.uplift_percent),
                set(promo.product_ids.ids), categs, promo.warehouse_id.id or False))
        return promotion.by_product(entries, categ_of)
