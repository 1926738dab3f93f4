"""Demand arithmetic, table-driven, without a database."""
import datetime
import unittest

from ..services import demand

D = datetime.date


def day(n):
    return D(2026, 1, 1) + datetime.timedelta(days=n)


class TestDailyDemand(unittest.TestCase):
    def test_table(self):
        # (name, daily sales by day index, stock-out day indexes, window days,
        #  expected average, days used, stock-out days)
        table = [
            ("flat", {0: 4, 1: 4, 2: 4, 3: 4}, set(), 4, 4.0, 4, 0),
            ("no sales", {}, set(), 10, 0.0, 10, 0),
            # daily sales: [4, 0 (stock-out), 6, 5] -> (4+6+5)/3
            ("stock-out left out", {0: 4, 2: 6, 3: 5}, {1}, 4, 5.0, 3, 1),
            # a day that sold 2 then ran out is a capped day: left out too
            ("capped day left out", {0: 2, 1: 8}, {0}, 2, 8.0, 1, 1),
            ("all out of stock", {}, {0, 1}, 2, 0.0, 0, 2),
            ("sales outside window ignored", {0: 3, 9: 100}, set(), 3, 1.0, 3, 0),
        ]
        for name, sales, out, window, avg, used, excluded in table:
            with self.subTest(name):
                stats = demand.daily_demand(
                    {day(k): v for k, v in sales.items()}, {day(k) for k in out},
                    day(0), day(window - 1))
                self.assertAlmostEqual(stats.average, avg)
                self.assertEqual(stats.days_used, used)
                self.assertEqual(stats.stockout_days, excluded)

    def test_sigma(self):
        stats = demand.daily_demand({day(0): 2, day(1): 4}, set(), day(0), day(1))
        self.assertAlmostEqual(stats.sigma, 1.0)

    def test_reversed_window_is_refused(self):
        with self.assertRaises(ValueError):
            demand.daily_demand({}, set(), day(5), day(1))


class TestFactors(unittest.TestCase):
    def test_seasonality(self):
        for period, year, expected in [(13, 10, 1.3), (5, 10, 0.5), (5, 0, 1.0),
                                       (None, 10, 1.0)]:
            with self.subTest(period=period, year=year):
                self.assertAlmostEqual(demand.seasonality_index(period, year),
                                       expected)

    def test_promotion_factor(self):
        promo = (day(2), day(3), 50.0)
        table = [
            ("none", [], 10, 1.0),
            # 2 of 10 days at +50% -> 1 + 0.1
            ("two days", [promo], 10, 1.1),
            # overlapping promotions take the largest uplift, not the sum
            ("overlap", [promo, (day(0), day(9), 20.0)], 10, 1.26),
            ("outside horizon", [(day(20), day(30), 80.0)], 10, 1.0),
            ("zero horizon", [promo], 0, 1.0),
        ]
        for name, promos, horizon, expected in table:
            with self.subTest(name):
                self.assertAlmostEqual(
                    demand.promotion_factor(promos, day(0), horizon), expected)

    def test_service_level_z(self):
        for level, z in [(0.95, 1.645), (95, 1.645), (0.5, 0.0), (0.99, 2.326),
                         (0.9, 1.2816)]:
            with self.subTest(level=level):
                self.assertAlmostEqual(demand.service_level_z(level), z, places=3)
        with self.assertRaises(ValueError):
            demand.service_level_z(1.2)

    def test_safety_stock(self):
        self.assertAlmostEqual(demand.safety_stock(4.0, "days", 7, safety_days=3), 12)
        # z(95%) x sigma 2 x sqrt(9)
        self.assertAlmostEqual(
            demand.safety_stock(4.0, "service", 9, sigma=2.0, service_level=0.95),
            1.6449 * 2 * 3, places=3)
        with self.assertRaises(ValueError):
            demand.safety_stock(4.0, "magic", 7)

    def test_round_up(self):
        table = [
            (7, 0, 0, 7), (7, 10, 0, 10), (7, 0, 6, 12), (12, 0, 6, 12),
            (7, 10, 6, 12), (0, 0, 6, 0), (12.0000001, 0, 6, 12),
        ]
        for qty, moq, multiple, expected in table:
            with self.subTest(qty=qty, moq=moq, multiple=multiple):
                self.assertEqual(demand.round_up(qty, moq, multiple), expected)


class TestSuggest(unittest.TestCase):
    def stats(self, average, sigma=0.0, stockout=0):
        return demand.DemandStats(average, sigma, 90 - stockout, stockout, 0.0)

    def test_issue_example(self):
        # 4.2/day, 3 stock-out days left out, lead 7 + review 7, safety 10 units
        # (10/4.2 days) -> min 4.2*14+10 = 68.8 -> 69; max 69 + 4.2*14 -> 128
        sug = demand.suggest(self.stats(4.2, stockout=3), 90, 7, 7, 14,
                             safety_method="days", safety_days=10 / 4.2)
        self.assertEqual((sug.min_qty, sug.max_qty), (69, 128))
        self.assertEqual(
            sug.explanation,
            "4.2/day over 90 d (3 stock-out days left out); lead 7 d + review 7 d;"
            " safety 10 -> min 69, max 128")

    def test_table(self):
        # (name, avg, sigma, kwargs, expected min, expected max)
        table = [
            ("no demand", 0.0, 0.0, {}, 0, 0),
            ("season 1.5", 2.0, 0.0, {"season": 1.5}, 3 * 10, 3 * 10 + 3 * 5),
            ("promo +20%", 5.0, 0.0, {"promo": 1.2}, 60, 90),
            ("safety days", 1.0, 0.0, {"safety_days": 5}, 15, 20),
            # z(95%)=1.645 x sigma 3 x sqrt(7) = 13.05; 10 + 13.05 -> 24
            ("service level", 1.0, 3.0, {"safety_method": "service"}, 24, 29),
            # packaging of 12: min 20 -> 24, max 30 -> 36
            ("multiple", 2.0, 0.0, {"multiple": 12}, 24, 36),
            # vendor MOQ 50: max at least min + 50
            ("moq", 2.0, 0.0, {"min_qty": 50}, 20, 70),
        ]
        for name, avg, sigma, kwargs, exp_min, exp_max in table:
            with self.subTest(name):
                sug = demand.suggest(self.stats(avg, sigma), 90, 7, 3, 5, **kwargs)
                self.assertEqual((sug.min_qty, sug.max_qty), (exp_min, exp_max))

    def test_explanation_mentions_factors(self):
        sug = demand.suggest(self.stats(2.0), 60, 7, 3, 5, season=1.3, promo=1.1)
        self.assertIn("x 1.3 season", sug.explanation)
        self.assertIn("x 1.10 promo", sug.explanation)
        self.assertTrue(sug.explanation.startswith("2.0/day over 60 d x"))

    def test_negative_lead_is_refused(self):
        with self.assertRaisesRegex(ValueError, "lead time"):
            demand.suggest(self.stats(1.0), 90, -1, 0, 0)


class TestOrderQuantity(unittest.TestCase):
    def test_native_formula(self):
        # (forecast, min, max, multiple, in progress, expected)
        table = [
            (10, 5, 20, 1, 0, 0),      # above min: nothing
            (5, 5, 20, 1, 0, 15),      # at min: reorder up to max
            (-3, 5, 20, 1, 0, 23),     # backorders count
            (2, 5, 20, 12, 0, 24),     # 18 rounded up to 24
            (2, 5, 20, 12, 10, 14),    # minus draft RFQ quantity
            (2, 5, 20, 0, 30, 0),      # already covered by drafts
            (2, 10, 4, 1, 0, 8),       # max below min: up to min
            (None, 5, 20, 1, 0, 0),
        ]
        for forecast, mn, mx, mult, progress, expected in table:
            with self.subTest(forecast=forecast, min=mn, max=mx):
                self.assertAlmostEqual(
                    demand.order_quantity(forecast, mn, mx, mult, progress), expected)


class TestOverstock(unittest.TestCase):
    def test_reasons_and_actions(self):
        table = [
            ("healthy", (30, 40, 1.0, 2), [], False),
            ("above max", (100, 40, 1.0, 2), ["forecast 100 > max 40 x 1.5"], "pause"),
            ("cover", (400, 0, 2.0, 2), ["200 days of cover > 180"], "promote"),
            ("idle", (10, 0, 0.0, 120), ["no sale for 120 days"], "promote"),
            ("never sold", (10, 0, 0.0, None), ["no sale for any days"], "promote"),
            ("nothing in stock", (0, 40, 0.0, None), [], False),
        ]
        for name, args, reasons, action in table:
            with self.subTest(name):
                got = demand.overstock_reasons(*args)
                self.assertEqual(got, reasons)
                self.assertEqual(demand.overstock_action(got), action)
        self.assertEqual(demand.overstock_action(["x"], other_warehouse_short=True),
                         "transfer")
