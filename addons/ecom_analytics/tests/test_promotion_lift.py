"""Measured promotion lift: a stock-out and another promotion in the
baseline are left out; the measure is offered for a similar future
promotion and named in the reorder suggestion."""
from odoo.exceptions import AccessError

from .common import AnalyticsCase


class TestPromotionLift(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["ir.config_parameter"].set_param("ecom_analytics.baseline_weeks", "6")
        # the facts are up to date (a first refresh would rebuild them all
        # from the orders, and these facts are written directly below)
        env.cr.execute("SELECT (now() at time zone 'UTC')::timestamp(0)::text")
        env["ir.config_parameter"].set_param(
            "ecom_analytics.facts_watermark", env.cr.fetchone()[0])
        # promotion: days -7..-1; baseline: days -49..-8 (42 days)
        cls.promo = env["ecom.promotion"].create({
            "name": "Lift spring sale", "date_from": cls._day(-7),
            "date_to": cls._day(-1), "uplift_percent": 20,
            "product_ids": [(6, 0, [cls.product_a.id])]})
        cls.other = env["ecom.promotion"].create({
            "name": "Lift flash sale", "date_from": cls._day(-30),
            "date_to": cls._day(-28), "uplift_percent": 50,
            "product_ids": [(6, 0, [cls.product_a.id])]})
        # stock of A: 100 received on day -60, all delivered on day -15,
        # 50 received on day -10: days -15..-11 end with nothing on hand
        cls._move(cls.product_a, cls.suppliers, cls.stock, 100, cls._day(-60))
        cls._move(cls.product_a, cls.stock, cls.customers, 100, cls._day(-15))
        cls._move(cls.product_a, cls.suppliers, cls.stock, 50, cls._day(-10))
        # daily sales of A on Tmall: 2 a day, 0 while out of stock, 6 during
        # the flash sale, 5 during the promotion (facts written directly:
        # the lift reads the facts)
        rows = []
        for offset in range(-49, 0):
            if -15 <= offset <= -11:
                continue
            units = 5.0 if offset >= -7 else 6.0 if -30 <= offset <= -28 else 2.0
            rows.append((cls._day(offset), units))
        for day, units in rows:
            env.cr.execute("""
                INSERT INTO ecom_sales_daily (date, channel_id, warehouse_id,
                    product_id, categ_id, units, revenue, margin, stockout)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, false)""", (
                day, cls.channel.id, cls.warehouse.id, cls.product_a.id,
                cls.categ.id, units, units * 10.0, units * 3.0))

    def test_lift_excludes_stockout_and_other_promotion(self):
        # measured twice by the planner: the lines are replaced, not added
        self.promo.sudo(self.planner).action_measure_lift()
        self.promo.sudo(self.planner)._measure_lift()
        promo = self.promo
        # baseline: 42 days - 5 out of stock - 3 flash sale = 34 days of 2
        self.assertAlmostEqual(promo.baseline_daily_units, 2.0)
        self.assertAlmostEqual(promo.actual_daily_units, 5.0)
        self.assertAlmostEqual(promo.lift_ratio, 2.5)
        self.assertAlmostEqual(promo.measured_uplift_percent, 150.0)
        self.assertAlmostEqual(promo.incremental_units, 21.0)
        self.assertAlmostEqual(promo.incremental_margin, 63.0)
        line = promo.lift_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual((line.channel_id, line.product_id, line.baseline_days),
                         (self.channel, self.product_a, 34))
        with self.assertRaises(AccessError):
            line.sudo(self.planner).write({"lift": 9.0})

    def test_measured_uplift_offered_for_similar_promotion(self):
        self.promo._measure_lift()
        future = self.env["ecom.promotion"].create({
            "name": "Lift summer sale", "date_from": self._day(1),
            "date_to": self._day(5), "uplift_percent": 20,
            "product_ids": [(6, 0, [self.product_a.id])]})
        planner_view = future.sudo(self.planner)
        self.assertAlmostEqual(planner_view.suggested_uplift_percent, 150.0)
        self.assertEqual(planner_view.suggested_from, "Lift spring sale")
        # the reorder suggestion names it beside the planned uplift
        rule = self.env["stock.warehouse.orderpoint"].create({
            "product_id": self.product_a.id, "warehouse_id": self.warehouse.id,
            "location_id": self.stock.id, "product_min_qty": 0,
            "product_max_qty": 0, "reorder_policy": "demand"})
        rule._compute_suggestions()
        self.assertIn("Lift summer sale", rule.demand_explanation)
        self.assertIn("+150%", rule.demand_explanation)
        planner_view.action_apply_measured_uplift()
        self.assertAlmostEqual(future.uplift_percent, 150.0)
