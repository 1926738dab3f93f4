"""Planning engines of the replenishment (services/orderpoint.py,
replenishment.py, overstock.py, promotion.py, scorecard.py, rounding.py)
without a database."""
import datetime
import random
import unittest

from ..services import (demand, orderpoint, overstock, promotion, replenishment,
                        rounding, scorecard, supplier)

D = datetime.date
TODAY = D(2026, 6, 1)


def day(n):
    """``n`` days before TODAY (1 = yesterday)."""
    return TODAY - datetime.timedelta(days=n)


def terms(**kw):
    values = dict(demand_window_days=30, review_days=7, order_cycle_days=14,
                  use_seasonality=False, safety_method="days", safety_days=3.0,
                  service_level=95.0, qty_multiple=1.0)
    values.update(kw)
    return orderpoint.RuleTerms(**values)


class TestRounding(unittest.TestCase):
    def test_table(self):
        table = [
            # value, keyword, expected
            (2.675, {"precision_digits": 2}, 2.68),   # 2.67499999... in binary
            (-2.675, {"precision_digits": 2}, -2.68),  # away from zero
            (0.5, {"precision_digits": 0}, 1.0),       # not half to even
            (1.5, {"precision_digits": 0}, 2.0),
            (2.5, {"precision_digits": 0}, 3.0),
            (1.3, {"precision_rounding": 0.5}, 1.5),
            (7.0, {"precision_rounding": 5.0}, 5.0),
            (0.0, {"precision_digits": 2}, 0.0),
            (12.3456, {"precision_rounding": 0.01}, 12.35),
        ]
        for value, keyword, expected in table:
            self.assertAlmostEqual(rounding.float_round(value, **keyword), expected,
                                   places=9, msg=(value, keyword))

    def test_same_as_odoo(self):
        from odoo.tools import float_round
        rng = random.Random(19)
        values = [rng.uniform(-1e4, 1e4) for _i in range(3000)] + \
            [rng.randint(-4000, 4000) / 8.0 for _i in range(3000)]
        for value in values:
            for keyword in ({"precision_digits": 2}, {"precision_digits": 0},
                            {"precision_rounding": 0.01}, {"precision_rounding": 0.5}):
                self.assertEqual(rounding.float_round(value, **keyword),
                                 float_round(value, **keyword), (value, keyword))

    def test_helpers(self):
        self.assertEqual(rounding.round_digits(1.23456, (16, 2)), 1.23)
        self.assertEqual(rounding.round_digits(None, (16, 2)), 0.0)
        self.assertEqual(rounding.round_digits(1.23456, None), 1.23456)
        self.assertEqual(rounding.round_money(10.005, 0.01), 10.01)
        self.assertEqual(rounding.round_qty(3.3, 1.0), 3.0)
        with self.assertRaises(ValueError):
            rounding.float_round(1.0)


class TestOrderpointPlan(unittest.TestCase):
    def test_history_window(self):
        # longest window of the warehouse's rules; a seasonal rule needs a year
        self.assertEqual(orderpoint.history_window([30, 60], False, TODAY),
                         (day(60), day(1)))
        self.assertEqual(orderpoint.history_window([30], True, TODAY),
                         (day(365), day(1)))
        self.assertEqual(orderpoint.history_window([], False, TODAY),
                         (day(90), day(1)))

    def test_promotion_horizon(self):
        self.assertEqual(orderpoint.promotion_horizon(
            [terms(), terms(review_days=10, order_cycle_days=30)]), 100)

    def test_suggest_rule_flat_demand(self):
        # 30 days at 2/day, vendor: 5 days lead, minimum 10
        sales = {day(n): 2.0 for n in range(1, 31)}
        sug = orderpoint.suggest_rule(terms(), sales, set(), [],
                                      {"delay": 5, "min_qty": 10.0}, TODAY)
        # min = 2 x (5 + 7) + 2 x 3 = 30; max = 30 + 2 x 14 = 58
        self.assertEqual((sug.min_qty, sug.max_qty), (30.0, 58.0))
        self.assertIn("2.0/day over 30 d", sug.explanation)
        self.assertIn("lead 5 d", sug.explanation)

    def test_suggest_rule_no_vendor_multiple_promo(self):
        sales = {day(n): 1.0 for n in range(1, 31)}
        # +100% for the whole cover period (0 lead + 7 + 14 = 21 days)
        promos = [(TODAY, TODAY + datetime.timedelta(days=30), 100.0)]
        sug = orderpoint.suggest_rule(terms(qty_multiple=5.0), sales, set(), promos,
                                      None, TODAY)
        self.assertEqual(sug.promo_factor, 2.0)
        # daily 2: min = 2 x 7 + 6 = 20; max = 20 + 28 = 48 -> 50 (multiple 5)
        self.assertEqual((sug.min_qty, sug.max_qty), (20.0, 50.0))

    def test_suggest_rule_seasonality(self):
        # last year: 1/day, except 4/day over the period ahead (21 days)
        sales = {day(n): 1.0 for n in range(1, 366)}
        for n in range(365 - 20, 366):
            sales[day(n)] = 4.0
        sug = orderpoint.suggest_rule(
            terms(use_seasonality=True), sales, set(), [], None, TODAY)
        self.assertGreater(sug.season_index, 3.0)
        flat = orderpoint.suggest_rule(terms(), sales, set(), [], None, TODAY)
        self.assertEqual(flat.season_index, 1.0)
        self.assertGreater(sug.max_qty, flat.max_qty)

    def test_group_by_suggestion(self):
        groups = orderpoint.group_by_suggestion(
            [(1, 10.0, 20.0), (2, 5.0, 8.0), (3, 10.0, 20.0)])
        self.assertEqual(list(groups.items()),
                         [((10.0, 20.0), [1, 3]), ((5.0, 8.0), [2])])

    def test_suggestion_update(self):
        sug = demand.Suggestion(3.0, 9.0, 1.5, 1.0, 1.0, 0.0, "why")
        query, params = orderpoint.suggestion_update({7: sug, 8: sug}, "NOW", 2)
        self.assertEqual(query.count("(%s, %s, %s, %s, %s)"), 2)
        self.assertEqual(params, ["NOW", "NOW", 2, 7, 3.0, 9.0, 1.5, "why",
                                  8, 3.0, 9.0, 1.5, "why"])
        self.assertLess(query.index("suggestion_date = %s"), query.index("VALUES"))

    def test_stockout_days(self):
        # 5 on hand today; yesterday +5 came in, the day before -3 went out
        start, end = day(4), day(1)
        flows = {day(1): 5.0, day(2): -3.0, TODAY: 0.0}
        # end of day(1): 5; day(2): 0 -> out; day(3): 3; day(4): 3
        self.assertEqual(orderpoint.stockout_days(5.0, flows, start, end), {day(2)})
        # nothing ever: every day out
        self.assertEqual(orderpoint.stockout_days(0.0, {}, start, end),
                         {day(1), day(2), day(3), day(4)})
        # today's moves are taken off today's stock first
        self.assertEqual(orderpoint.stockout_days(2.0, {TODAY: 2.0}, start, end),
                         {day(1), day(2), day(3), day(4)})

    def test_vendor_terms(self):
        lines = [{"partner_id": 1, "delay": 4, "min_qty": 10.0},
                 {"partner_id": 2, "delay": 1, "min_qty": 0.0},
                 {"partner_id": 1, "delay": 9, "min_qty": 5.0}]
        self.assertEqual(orderpoint.vendor_terms(lines), {"delay": 4, "min_qty": 5.0})
        self.assertIsNone(orderpoint.vendor_terms([]))

    def test_supplierinfos_by_product(self):
        # template 100 has variants 1 and 2; line 12 is for variant 2 only
        rows = [(11, 7, 100, None, 0.0, 5.0, 3, None, None),
                (12, 8, 100, 2, 0.0, 4.0, 2, None, None),
                (13, 9, 200, None, 1.0, 1.0, 1, 1, 3)]
        result = orderpoint.supplierinfos_by_product(
            rows, {1: 100, 2: 100, 3: 300}, [1, 2, 3])
        self.assertEqual([ln["id"] for ln in result[1]], [11])
        self.assertEqual([ln["id"] for ln in result[2]], [11, 12])
        self.assertEqual(result[3], [])
        self.assertEqual(result[2][1]["partner_id"], 8)

    def test_purchase_name(self):
        values = {"name": "Mug", "default_code": "M1", "description_purchase": False}
        table = [
            ([], "[M1] Mug"),
            ([(None, "Tasse", "V-9")], "[V-9] Tasse"),
            # the variant's line wins over the template's; the last one counts
            ([(None, "Tasse", "V-9"), (5, "Mug 5", ""), (5, "Mug 5b", "")],
             "[M1] Mug 5b"),
            ([(6, "Other variant", "X")], "[M1] Mug"),
        ]
        for sellers, expected in table:
            self.assertEqual(orderpoint.purchase_name(5, values, sellers), expected)
        values = dict(values, default_code=False, description_purchase="Blue")
        self.assertEqual(orderpoint.purchase_name(5, values, []), "Mug\nBlue")

    def test_bought_rule_ids(self):
        # location 3 in 2 in 1; buy route 10 (product), manufacture 20 (warehouse)
        chain = {3: [3, 2, 1], 2: [2, 1]}
        pulls = {2: [(20, False, "manufacture")], 1: [(10, 9, "buy")]}
        rules = [(100, 50, 3, 9),   # product route: buy at location 1
                 (101, 51, 3, 9),   # no product route: warehouse's manufacture
                 (102, 50, 2, 8)]   # buy pull of another warehouse
        bought = orderpoint.bought_rule_ids(
            rules, chain, pulls, {50: {10}}, {9: {20}, 8: {20}})
        # rule 100: at 3 nothing, at 2 the warehouse's manufacture comes first
        self.assertEqual(bought, set())
        pulls = {1: [(20, False, "manufacture"), (10, 9, "buy")]}
        bought = orderpoint.bought_rule_ids(
            rules, chain, pulls, {50: {10}}, {9: {20}, 8: {20}})
        # the product's route wins over the warehouse's at the same location
        self.assertEqual(bought, {100})

    def test_virtual_available(self):
        self.assertEqual(orderpoint.virtual_available(10.004, 2.0, 5.0, 0.01), 7.0)
        self.assertEqual(orderpoint.virtual_available(1.4, 0.0, 0.0, 1.0), 1.0)


class TestReplenishmentPlan(unittest.TestCase):
    def line(self, partner, min_qty, price, delay=3, company=None):
        return {"partner_id": partner, "min_qty": min_qty, "price": price,
                "delay": delay, "company_id": company, "currency_id": None}

    def test_parse_numbers(self):
        raw = {"price": ("p.price", "0.7"), "quality": ("p.quality", 0.1)}
        self.assertEqual(replenishment.parse_numbers(raw),
                         {"price": 0.7, "quality": 0.1})
        with self.assertRaises(replenishment.ParamError) as ctx:
            replenishment.parse_numbers({"price": ("p.price", "high")})
        self.assertEqual((ctx.exception.param, ctx.exception.value),
                         ("p.price", "high"))

    def test_company_lines(self):
        lines = [self.line(1, 0, 1, company=None), self.line(2, 0, 1, company=5),
                 self.line(3, 0, 1, company=6)]
        self.assertEqual([ln["partner_id"] for ln in
                          replenishment.company_lines(lines, 5)], [1, 2])

    def test_candidates(self):
        lines = [self.line(1, 0, 10.0, delay=4), self.line(2, 0, 9.0),
                 self.line(1, 40, 9.0, delay=2)]
        by_partner, cands = replenishment.candidates(lines, {2: (0.5, None)})
        self.assertEqual(list(by_partner), [1, 2])
        self.assertEqual(cands[0], supplier.Candidate(
            1, 1, [(0, 10.0), (40, 9.0)], 4, 0, None, None))
        self.assertEqual(cands[1].on_time_rate, 0.5)

    def test_plan_line_fixed_and_demand(self):
        now = datetime.datetime(2026, 6, 1, 8, 0, 0)
        lines = [self.line(7, 50.0, 2.0, delay=3)]
        row = {"id": 9, "product_id": 4, "reorder_policy": "fixed", "lead_days": 1}
        plan = replenishment.plan_line(row, 20.0, 1, lines, {}, None, now)
        self.assertEqual(plan.partner_id, 7)
        self.assertIsNone(plan.raised)
        self.assertEqual(plan.values["product_qty"], 20.0)
        self.assertEqual(plan.values["date_planned"], "2026-06-05 08:00:00")
        self.assertEqual(plan.values["orderpoint_id"], 9)
        self.assertIs(plan.values["seller"], lines[0])
        # a demand rule is raised to the vendor minimum, and says so
        plan = replenishment.plan_line(dict(row, reorder_policy="demand"), 20.0, 1,
                                       lines, {}, None, now)
        self.assertEqual(plan.values["product_qty"], 50.0)
        self.assertEqual(plan.raised, {"qty": 20.0, "moq": 50.0})

    def test_plan_line_price_break(self):
        now = datetime.datetime(2026, 6, 1)
        lines = [self.line(7, 0.0, 10.0), self.line(7, 40.0, 9.0)]
        row = {"id": 9, "product_id": 4, "reorder_policy": "fixed", "lead_days": 0}
        self.assertEqual(replenishment.plan_line(
            row, 45.0, 1, lines, {}, None, now).values["price_unit"], 9.0)
        self.assertEqual(replenishment.plan_line(
            row, 10.0, 1, lines, {}, None, now).values["price_unit"], 10.0)

    def test_merge_into_order(self):
        current = [(501, 4, 1, 10.0), (502, 5, 1, 3.0), (503, 4, 1, 99.0)]
        items = [{"product_id": 4, "product_uom": 1, "product_qty": 5.0,
                  "ecom_vendor_reason": "r4"},
                 {"product_id": 4, "product_uom": 2, "product_qty": 1.0,
                  "ecom_vendor_reason": "other unit"},
                 {"product_id": 6, "product_uom": 1, "product_qty": 2.0,
                  "ecom_vendor_reason": "new"}]
        merge = replenishment.merge_into_order(current, items)
        # the first line of the product and unit takes the quantity
        self.assertEqual(merge.updates, [(501, 15.0, "r4")])
        self.assertEqual([i["ecom_vendor_reason"] for i in merge.new_items],
                         ["other unit", "new"])

    def test_merged_origin(self):
        self.assertEqual(replenishment.merged_origin(False, "REPL/2"), "REPL/2")
        self.assertEqual(replenishment.merged_origin("SO1", "REPL/2"), "SO1, REPL/2")
        self.assertIsNone(replenishment.merged_origin("SO1, REPL/2", "REPL/2"))
        # REPL/2 is not REPL/22
        self.assertEqual(replenishment.merged_origin("REPL/22", "REPL/2"),
                         "REPL/22, REPL/2")

    def test_line_amounts(self):
        computed = {"total_excluded": 10.004, "total_included": 11.5049,
                    "taxes": [{"amount": 1.00049}, {"amount": 0.5}]}
        amounts = replenishment.line_amounts(
            2.0, 5.002, computed, 0.01, {"price_tax": (16, 2)})
        self.assertEqual(amounts, {"product_qty": 2.0, "price_unit": 5.002,
                                   "price_subtotal": 10.0, "price_total": 11.5,
                                   "price_tax": 1.5})


class TestOverstock(unittest.TestCase):
    PARAMS = {"factor": 1.5, "cover": 180, "idle": 90}

    def test_short_warehouses(self):
        rows = [(1, 10, 5.0, 4.0), (1, 11, 3.0, 4.0), (1, 12, 0.0, 4.0),
                (2, 10, 4.0, 4.0)]
        self.assertEqual(overstock.short_warehouses(rows), {1: 11, 2: 10})

    def test_line_values(self):
        rule = overstock.RuleInfo(33, 20.0, "demand")
        # 100 in stock, max 20, 90 units sold in 90 days, last sale 5 days ago
        vals = overstock.line_values(1, 10, 100.0, 90.0, day(5), TODAY, rule, 11,
                                     self.PARAMS)
        self.assertEqual(vals["daily_demand"], 1.0)
        self.assertEqual(vals["days_of_cover"], 100.0)
        self.assertEqual(vals["reasons"], "forecast 100 > max 20 x 1.5")
        self.assertEqual(vals["suggested_action"], "transfer")
        self.assertEqual(vals["transfer_warehouse_id"], 11)
        self.assertEqual(vals["orderpoint_id"], 33)
        self.assertEqual(vals["last_sale_date"], "2026-05-27")
        # short in its own warehouse: no transfer, the rule is paused
        vals = overstock.line_values(1, 10, 100.0, 90.0, day(5), TODAY, rule, 10,
                                     self.PARAMS)
        self.assertEqual((vals["suggested_action"], vals["transfer_warehouse_id"]),
                         ("pause", False))

    def test_never_sold_and_not_overstocked(self):
        vals = overstock.line_values(1, 10, 5.0, 0.0, None, TODAY, None, None,
                                     self.PARAMS)
        self.assertEqual(vals["reasons"], "no sale for any days")
        self.assertEqual(vals["days_of_cover"], overstock.NO_DEMAND_COVER)
        self.assertEqual((vals["suggested_action"], vals["orderpoint_id"],
                          vals["last_sale_date"]), ("promote", False, None))
        self.assertIsNone(overstock.line_values(
            1, 10, 5.0, 90.0, day(1), TODAY, None, None, self.PARAMS))


class TestPromotionAndScorecard(unittest.TestCase):
    def test_problem(self):
        self.assertEqual(promotion.problem("2026-06-02", "2026-06-01", 10),
                         promotion.DATES)
        self.assertEqual(promotion.problem("2026-06-01", "2026-06-01", -100),
                         promotion.UPLIFT)
        self.assertIsNone(promotion.problem("2026-06-01", "2026-06-01", -99))

    def test_by_product(self):
        entry = (D(2026, 6, 1), D(2026, 6, 9), 30.0)
        promos = [(entry, {1}, set(), False), (entry, set(), {7}, 4)]
        result = promotion.by_product(promos, {1: 5, 2: 7, 3: 8})
        self.assertEqual(result, {(1, False): [entry], (2, 4): [entry]})

    def test_rates(self):
        self.assertEqual(scorecard.rates([(1, 50.0, None), (2, None, 100.0)]),
                         {1: (0.5, None), 2: (None, 1.0)})
        self.assertIn("CREATE VIEW ecom_vendor_scorecard", scorecard.VIEW)
