# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ecom_base.tools import bulk

from ..services import lift as lift_service

BASELINE_WEEKS_PARAM = "ecom_analytics.baseline_weeks"


class PromoEntry(tuple):
    """A (from, to, uplift) entry of ecom_reorder's promotion calendar that
    also says which promotion it is and the uplift measured on similar past
    promotions (``measured_uplift``: percent or None)."""

    def __new__(cls, entry, promotion_name, measured_uplift):
        self = super().__new__(cls, entry)
        self.promotion_name = promotion_name
        self.measured_uplift = measured_uplift
        return self


class EcomPromotion(models.Model):
    _inherit = "ecom.promotion"

    lift_ratio = fields.Float(
        "Measured Lift", readonly=True, digits=(16, 2), copy=False,
        help="Actual daily units / baseline daily units (same channel x SKU, "
             "trailing weeks without stock-out days or other promotions).")
    measured_uplift_percent = fields.Float(
        "Measured Uplift (%)", readonly=True, copy=False)
    baseline_daily_units = fields.Float(readonly=True, copy=False)
    actual_daily_units = fields.Float(readonly=True, copy=False)
    incremental_units = fields.Float(readonly=True, copy=False)
    incremental_margin = fields.Float(readonly=True, copy=False)
    lift_measured_at = fields.Datetime(readonly=True, copy=False)
    lift_line_ids = fields.One2many("ecom.promotion.lift", "promotion_id",
                                    string="Lift per Channel and SKU", readonly=True)
    suggested_uplift_percent = fields.Float(
        "Uplift Measured on Similar Promotions (%)",
        compute="_compute_suggested_uplift",
        help="Similarity-weighted measured uplift of past promotions sharing at "
             "least half of this one's products or categories.")
    suggested_from = fields.Char(
        "Measured On", compute="_compute_suggested_uplift")

    # ---------------------------------------------------------- suggestions
    def _measured_past(self):
        """Measured promotions that ended before today (one search)."""
        today = fields.Date.context_today(self)
        return self.search([("lift_measured_at", "!=", False),
                            ("date_to", "<", today), ("lift_ratio", ">", 0)])

    @api.depends("product_ids", "categ_ids", "date_from")
    def _compute_suggested_uplift(self):
        past = self._measured_past()
        for promo in self:
            suggestion, names = promo._suggest_from(past)
            promo.suggested_uplift_percent = suggestion or 0.0
            promo.suggested_from = names

    def _suggest_from(self, past):
        """(uplift % or None, names of the promotions it comes from)."""
        rows, names = [], []
        for other in past:
            if other == self or (self.date_from and other.date_from >= self.date_from):
                continue
            weight = lift_service.similarity(
                self.product_ids.ids, self.categ_ids.ids,
                other.product_ids.ids, other.categ_ids.ids)
            if weight >= 0.5:
                rows.append((weight, other.lift_ratio))
                names.append(other.name)
        return lift_service.suggest_uplift(rows), ", ".join(names) or False

    @api.multi
    def action_apply_measured_uplift(self):
        """Plan the uplift measured on similar past promotions."""
        for promo in self:
            if not promo.suggested_from:
                raise UserError(_(
                    "No measured promotion is similar to %s: the planned uplift "
                    "(uplift_percent) stays as it is.") % promo.name)
            promo.uplift_percent = round(promo.suggested_uplift_percent, 1)
        return True

    @api.model
    def _promotions_by_product(self, products, date_from, date_to):
        """ecom_reorder's calendar, its entries saying which promotion they
        are and the uplift measured on similar ones (for the explanation)."""
        result = super()._promotions_by_product(products, date_from, date_to)
        if not result:
            return result
        promos = self.search([
            ("date_to", ">=", fields.Date.to_string(date_from)),
            ("date_from", "<=", fields.Date.to_string(date_to))])
        past = self._measured_past()
        by_entry = {}
        for promo in promos:
            entry = (fields.Date.from_string(promo.date_from),
                     fields.Date.from_string(promo.date_to), promo.uplift_percent)
            suggestion, _names = promo._suggest_from(past)
            by_entry.setdefault(entry, (promo.name, suggestion))
        return {key: [PromoEntry(entry, *by_entry.get(tuple(entry), ("", None)))
                      for entry in entries]
                for key, entries in result.items()}

    # ----------------------------------------------------------- measurement
    @api.model
    def _cron_measure_lift(self):
        """Measure the promotions running or ended in the last 60 days."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        self.env["ecom.sales.daily"]._refresh_incremental()
        self.search([
            ("date_from", "<", fields.Date.to_string(today)),
            ("date_to", ">=", fields.Date.to_string(
                today - datetime.timedelta(days=60)))])._measure_lift(today)
        return True

    @api.multi
    def action_measure_lift(self):
        self.env["ecom.sales.daily"]._refresh_incremental()
        self._measure_lift()
        return True

    def _scope_products(self):
        """Products the promotion covers (named or in its category trees)."""
        self.ensure_one()
        products = self.product_ids
        if self.categ_ids:
            products |= self.env["product.product"].search(
                [("categ_id", "child_of", self.categ_ids.ids)])
        return products

    @api.multi
    def _measure_lift(self, today=None):
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        weeks = int(self.env["ir.config_parameter"].sudo().get_param(
            BASELINE_WEEKS_PARAM, lift_service.BASELINE_WEEKS))
        # sudo above: a technical parameter (the baseline length)
        # sudo: the lift lines are figures computed here from the facts; the
        # planner who asks for a measure only reads them (test_promotion_lift)
        Lift = self.env["ecom.promotion.lift"].sudo()
        for promo in self:
            first = fields.Date.from_string(promo.date_from)
            last = min(fields.Date.from_string(promo.date_to),
                       today - datetime.timedelta(days=1))
            if last < first:
                continue
            rows = promo._lift_rows(first, last, weeks)
            Lift.search([("promotion_id", "=", promo.id)]).unlink()
            bulk.create(Lift, [dict(
                promotion_id=promo.id, channel_id=channel_id,
                product_id=product_id,
                baseline_daily_units=result.baseline_daily,
                actual_daily_units=result.actual_daily,
                lift=result.lift or 0.0,
                incremental_units=result.incremental_units or 0.0,
                incremental_margin=result.incremental_margin or 0.0,
                baseline_days=result.baseline_days,
                promo_days=result.promo_days)
                for (channel_id, product_id), result in rows.items()])
            total = lift_service.combine(rows.values())
            promo.write({
                "lift_ratio": total.lift or 0.0,
                "measured_uplift_percent": (total.lift - 1.0) * 100.0
                if total.lift else 0.0,
                "baseline_daily_units": total.baseline_daily,
                "actual_daily_units": total.actual_daily,
                "incremental_units": total.incremental_units or 0.0,
                "incremental_margin": total.incremental_margin or 0.0,
                "lift_measured_at": fields.Datetime.now(),
            })
        return True

    def _lift_rows(self, first, last, weeks):
        """{(channel id, product id): Lift} of this promotion: daily units
        from the facts, stock-out days from ecom_reorder's reconstruction,
        other promotions' days from its calendar (a few grouped queries)."""
        self.ensure_one()
        base_first, base_last = lift_service.baseline_window(first, weeks)
        products = self._scope_products()
        if not products:
            return {}
        cr = self.env.cr
        warehouse_filter = "AND warehouse_id = %(wh)s" if self.warehouse_id else ""
        # the SQL text is this method's constant (the filter too)
        cr.execute("""  -- pylint: disable=sql-injection
            SELECT channel_id, product_id, date, SUM(units), SUM(margin),
                   array_agg(DISTINCT warehouse_id)
              FROM ecom_sales_daily
             WHERE product_id = ANY(%(products)s) AND channel_id IS NOT NULL
               AND date BETWEEN %(first)s AND %(last)s {}
             GROUP BY channel_id, product_id, date""".format(warehouse_filter), {
            "products": products.ids, "first": base_first, "last": last,
            "wh": self.warehouse_id.id})
        sales, margins, warehouses = {}, {}, {}
        for channel_id, product_id, day, units, margin, wh_ids in cr.fetchall():
            day = fields.Date.from_string(day)
            key = (channel_id, product_id)
            sales.setdefault(key, {})[day] = units
            if first <= day <= last and margin is not None:
                margins.setdefault(key, [0.0, 0.0])
                margins[key][0] += margin
                margins[key][1] += units
            warehouses.setdefault(key, set()).update(w for w in wh_ids if w)
        pairs = [key for key in sales
                 if any(first <= day <= last for day in sales[key])
                 or any(base_first <= day < first for day in sales[key])]
        stockouts = {}
        for warehouse in self.env["stock.warehouse"].browse(
                list({w for key in pairs for w in warehouses[key]})):
            days = warehouse._ecom_stockout_days(
                products.filtered(lambda p, w=warehouse.id: any(
                    w in warehouses[k] for k in pairs if k[1] == p.id)),
                base_first, last)
            for product_id, product_days in days.items():
                stockouts.setdefault((warehouse.id, product_id), set()).update(
                    product_days)
        others = self.browse()._base_promotions_by_product(
            products, base_first, base_last)
        promo_days = lift_service.days_between(first, last)
        baseline_days = lift_service.days_between(base_first, base_last)
        result = {}
        for key in pairs:
            channel_id, product_id = key
            out = set()
            for warehouse_id in warehouses[key]:
                out |= stockouts.get((warehouse_id, product_id), set())
            other_days = set()
            for entry in others.get((product_id, False), []) + others.get(
                    (product_id, self.warehouse_id.id), []):
                other_days.update(lift_service.days_between(
                    max(entry[0], base_first), min(entry[1], base_last)))
            margin = margins.get(key)
            unit_margin = margin[0] / margin[1] if margin and margin[1] else None
            result[key] = lift_service.measure(
                promo_days, baseline_days, sales[key], out, other_days,
                unit_margin)
        return result

    def _base_promotions_by_product(self, products, date_from, date_to):
        """ecom_reorder's calendar without this add-on's decoration."""
        return super(EcomPromotion, self)._promotions_by_product(
            products, date_from, date_to)
