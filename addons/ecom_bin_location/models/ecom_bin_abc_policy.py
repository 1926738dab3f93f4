# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import abc, queries

# Quantity that left internal stock per product (sales, scrap...) since a date.
MOVED_QUERY = queries.MOVED


class EcomBinAbcPolicy(models.Model):
    """ABC thresholds of a company and the classification run."""

    _name = "ecom.bin.abc.policy"
    _description = "ABC Classification Policy"

    name = fields.Char(default="ABC classification", required=True)
    company_id = fields.Many2one(
        "res.company", "Company", required=True,
        default=lambda self: self.env.user.company_id)
    a_share = fields.Float(
        "Class A Share", default=0.8, required=True,
        help="Top products making up this share of the moved value are A.")
    b_share = fields.Float(
        "Class A+B Share", default=0.95, required=True,
        help="The next products up to this cumulative share are B; the rest C.")
    period_days = fields.Integer("Period (Days)", default=90, required=True)
    last_run = fields.Datetime(readonly=True)
    count_a = fields.Integer("A Products", readonly=True)
    count_b = fields.Integer("B Products", readonly=True)
    count_c = fields.Integer("C Products", readonly=True)

    _sql_constraints = [
        ("company_uniq", "unique (company_id)", "One ABC policy per company."),
    ]

    @api.constrains("a_share", "b_share", "period_days")
    def _check_thresholds(self):
        for policy in self:
            try:
                abc.check_thresholds(policy.a_share, policy.b_share)
            except abc.AbcError as exc:
                raise ValidationError(exc.message)
            if policy.period_days <= 0:
                raise ValidationError(_("Period (Days) must be positive."))

    @api.multi
    def action_classify(self):
        """Classify every storable product of the company by moved value."""
        Product = self.env["product.product"]
        for policy in self:
            since = fields.Datetime.to_string(
                datetime.datetime.now() - datetime.timedelta(days=policy.period_days))
            self.env.cr.execute(queries.MOVED, (since, policy.company_id.id))
            moved = dict(self.env.cr.fetchall())
            products = Product.with_context(
                force_company=policy.company_id.id).search([("type", "=", "product")])
            by_class, counts = abc.classify_products(
                moved, {p.id: p.standard_price for p in products},
                policy.a_share, policy.b_share)
            for cls, ids in by_class.items():
                Product.browse(ids).write({"ecom_abc_class": cls})
            policy.write({
                "last_run": fields.Datetime.now(),
                "count_a": counts["a"], "count_b": counts["b"], "count_c": counts["c"],
            })
        return True

    @api.model
    def _cron_classify(self):
        self.search([]).action_classify()
