"""Promotion lift arithmetic, without a database."""
import datetime
import unittest

from ..services import lift

D = datetime.date


def day(n):
    return D(2026, 3, 1) + datetime.timedelta(days=n)


class TestLift(unittest.TestCase):
    def test_baseline_window_bounds(self):
        self.assertEqual(lift.baseline_window(day(56), 6), (day(14), day(55)))
        # held between 4 and 8 weeks
        self.assertEqual(lift.baseline_window(day(56), 2)[0], day(28))
        self.assertEqual(lift.baseline_window(day(56), 12)[0], day(0))

    def test_stockout_and_other_promotions_left_out(self):
        # baseline days 0..27: 2 units a day, days 5-9 out of stock (0 sold),
        # days 20-21 under another promotion (6 sold); promotion days 28-34: 5
        sales = {day(n): 2.0 for n in range(28) if not 5 <= n <= 9}
        sales.update({day(20): 6.0, day(21): 6.0})
        sales.update({day(n): 5.0 for n in range(28, 35)})
        result = lift.measure(
            lift.days_between(day(28), day(34)), lift.days_between(day(0), day(27)),
            sales, stockouts={day(n) for n in range(5, 10)},
            other_promo_days={day(20), day(21)}, unit_margin=3.0)
        self.assertEqual(result.baseline_days, 28 - 5 - 2)
        self.assertAlmostEqual(result.baseline_daily, 2.0)
        self.assertAlmostEqual(result.actual_daily, 5.0)
        self.assertAlmostEqual(result.lift, 2.5)
        self.assertAlmostEqual(result.incremental_units, 21.0)
        self.assertAlmostEqual(result.incremental_margin, 63.0)

    def test_naive_baseline_would_differ(self):
        # the same data without the exclusions: the zeros drag the baseline
        sales = {day(n): 2.0 for n in range(28) if not 5 <= n <= 9}
        sales.update({day(n): 5.0 for n in range(28, 35)})
        naive = lift.measure(lift.days_between(day(28), day(34)),
                             lift.days_between(day(0), day(27)), sales)
        self.assertAlmostEqual(naive.baseline_daily, 46.0 / 28)
        self.assertGreater(naive.lift, 2.5)

    def test_stockout_during_promotion_not_counted(self):
        sales = {day(n): 2.0 for n in range(28)}
        sales.update({day(28): 6.0, day(29): 6.0})
        result = lift.measure([day(28), day(29), day(30)],
                              lift.days_between(day(0), day(27)), sales,
                              stockouts={day(30)})
        self.assertAlmostEqual(result.actual_daily, 6.0)
        self.assertEqual(result.promo_days, 2)

    def test_no_baseline(self):
        result = lift.measure([day(28)], [day(0), day(1)], {day(28): 3.0},
                              stockouts={day(0), day(1)})
        self.assertIsNone(result.lift)
        self.assertIsNone(result.incremental_units)
        self.assertIsNone(lift.combine([result]).lift)

    def test_combine_adds_rates(self):
        first = lift.Lift(2.0, 5.0, 2.5, 21.0, 63.0, 21, 7)
        second = lift.Lift(1.0, 1.0, 1.0, 0.0, None, 30, 7)
        total = lift.combine([first, second])
        self.assertAlmostEqual(total.lift, 2.0)
        self.assertAlmostEqual(total.incremental_units, 21.0)
        self.assertAlmostEqual(total.incremental_margin, 63.0)

    def test_similarity_and_suggestion(self):
        self.assertEqual(lift.similarity([1, 2], [], [1, 2], []), 1.0)
        self.assertEqual(lift.similarity([1], [7], [2], [7]), 1.0)
        self.assertAlmostEqual(lift.similarity([1, 2, 3], [], [3, 4], []), 0.25)
        # two similar past promotions (lift 2.5 and 1.5, weights 1 and 0.5),
        # one too different (ignored)
        self.assertAlmostEqual(
            lift.suggest_uplift([(1.0, 2.5), (0.5, 1.5), (0.25, 9.0)]),
            ((2.5 + 0.75) / 1.5 - 1) * 100)
        self.assertIsNone(lift.suggest_uplift([(0.2, 2.0)]))
