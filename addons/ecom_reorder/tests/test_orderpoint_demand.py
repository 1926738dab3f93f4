"""Demand-driven rules on real stock history, as a purchase planner."""
from .common import ReorderCase


class TestOrderpointDemand(ReorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product(
            "Demand mug", vendors=[(cls.vendor_a, 5.0, 0, 7)])
        # day -10: receive 10; days -10..-6 sell 2/day -> empty at end of -6;
        # days -5, -4: nothing to sell (stock-out); day -3: receive 10;
        # days -3..-1 sell 3/day -> 1 left today.
        cls._receive(cls.product, 10, cls._day(-10))
        for offset in range(-10, -5):
            cls._sell(cls.product, 2, cls._day(offset))
        cls._receive(cls.product, 10, cls._day(-3))
        for offset in (-3, -2, -1):
            cls._sell(cls.product, 3, cls._day(offset))
        cls.rule = cls._rule(cls.product, reorder_policy="demand",
                             demand_window_days=10, review_days=3,
                             order_cycle_days=5, safety_days=2)

    def test_daily_deliveries_and_stockout_days(self):
        wh = self.warehouse.sudo(self.planner)
        sales = wh._ecom_daily_deliveries(self.product, self._day(-10), self._day(-1))
        self.assertEqual(sum(sales[self.product.id].values()), 19)
        self.assertEqual(sales[self.product.id][self._day(-3)], 3)
        outs = wh._ecom_stockout_days(self.product, self._day(-10), self._day(-1))
        self.assertEqual(outs[self.product.id],
                         {self._day(-6), self._day(-5), self._day(-4)})

    def test_suggestion_leaves_out_stockout_days(self):
        rule = self.rule.sudo(self.planner)
        rule.action_compute_suggestions()
        # 7 selling days: 4 x 2 + 3 x 3 = 17 -> 2.43/day; lead 7 + review 3,
        # safety 2 days: 2.43 x 12 = 29.1 -> min 30; max 29.1 + 2.43 x 5 -> 42
        self.assertAlmostEqual(rule.daily_demand, 17 / 7, places=2)
        self.assertEqual((rule.suggested_min_qty, rule.suggested_max_qty), (30, 42))
        self.assertEqual(
            rule.demand_explanation,
            "2.4/day over 10 d (3 stock-out days left out); lead 7 d + review 3 d;"
            " safety 4.9 -> min 30, max 42")
        self.assertEqual(rule.suggestion_state, "review")
        self.assertEqual(rule.product_min_qty, 0)
        rule.action_apply_suggestions()
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (30, 42))
        self.assertEqual(rule.suggestion_state, "applied")

    def test_promotion_raises_the_suggestion(self):
        self.env["ecom.promotion"].sudo(self.planner).create({
            "name": "Mug week", "date_from": str(self._day(0)),
            "date_to": str(self._day(14)), "uplift_percent": 50,
            "product_ids": [(6, 0, self.product.ids)]})
        rule = self.rule.sudo(self.planner)
        rule.action_compute_suggestions()
        # the promotion covers the whole horizon (7 + 3 + 5 days): x 1.5
        self.assertIn("x 1.50 promo", rule.demand_explanation)
        self.assertAlmostEqual(rule.daily_demand, 17 / 7 * 1.5, places=2)

    def test_promotion_of_another_warehouse_is_ignored(self):
        other = self.env["stock.warehouse"].create({"name": "Other", "code": "OTW"})
        self.env["ecom.promotion"].create({
            "name": "Elsewhere", "date_from": str(self._day(0)),
            "date_to": str(self._day(14)), "uplift_percent": 50,
            "warehouse_id": other.id, "product_ids": [(6, 0, self.product.ids)]})
        rule = self.rule.sudo(self.planner)
        rule.action_compute_suggestions()
        self.assertNotIn("promo", rule.demand_explanation)

    def test_fixed_rules_are_left_alone(self):
        fixed = self._rule(self._create_product("Fixed"), 3, 9)
        fixed.sudo(self.planner).action_compute_suggestions()
        self.assertEqual(fixed.suggestion_state, "none")
        self.assertEqual((fixed.product_min_qty, fixed.product_max_qty), (3, 9))

    def test_forecast_is_odoos_virtual_quantity(self):
        # 1 on hand, 4 on a confirmed delivery: forecast -3
        self._move(self.product, self.stock, self.customers, 4, self.today,
                   done=False)
        rule = self.rule.sudo(self.planner)
        self.assertEqual(rule.forecast_qty, -3)
        self.assertEqual(rule.forecast_qty,
                         self.product.with_context(
                             location=self.stock.id).virtual_available)

    def test_bulk_creation_for_a_warehouse(self):
        categ = self.env["product.category"].create({"name": "Bulk categ"})
        products = self.env["product.product"]
        for index in range(3):
            products |= self._create_product("Bulk %s" % index)
        products.write({"categ_id": categ.id})
        wizard = self.env["ecom.orderpoint.bulk.create"].sudo(self.planner).create({
            "warehouse_id": self.warehouse.id, "categ_id": categ.id,
            "reorder_policy": "demand"})
        action = wizard.action_create()
        rules = self.env["stock.warehouse.orderpoint"].search(action["domain"])
        self.assertEqual(rules.mapped("product_id"), products)
        self.assertEqual(set(rules.mapped("reorder_policy")), {"demand"})
        # a second run creates nothing: every product has its rule
        again = wizard.copy().action_create()
        self.assertFalse(self.env["stock.warehouse.orderpoint"].search(again["domain"]))

    def test_cron_applies_auto_rules_only(self):
        self.rule.auto_apply = True
        # no sales: suggests 0/0 against a hand-typed 1/4, left for review
        other = self._rule(self._create_product("Manual"), 1, 4,
                           reorder_policy="demand")
        self.env["stock.warehouse.orderpoint"]._cron_compute_suggestions()
        self.assertEqual(self.rule.product_min_qty, 30)
        self.assertEqual(self.rule.suggestion_state, "applied")
        self.assertEqual((other.product_min_qty, other.suggestion_state), (1, "review"))
