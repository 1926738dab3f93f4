"""Fees, allocation and contribution margin (no database): exact values."""
import unittest

from ..services import margin as m

TEA, CUPS = 10, 20          # two product categories


def line(key, order, revenue, qty, categ=(TEA,), date="2026-03-15", cost=0.0,
         rate=0.0):
    return m.Line(key, order, revenue, qty, categ, date, cost, rate)


class TestAllocate(unittest.TestCase):
    def test_shares_add_up(self):
        shares = m.allocate(10.0, [1, 1, 1])
        self.assertEqual(sum(shares), 10.0)
        self.assertEqual(sorted(shares), [3.33, 3.33, 3.34])

    def test_zero_weights_split_equally(self):
        self.assertEqual(m.allocate(4.0, [0, 0]), [2.0, 2.0])


class TestFees(unittest.TestCase):
    def test_rules_by_category_and_validity(self):
        rules = [
            m.FeeRule(m.PERCENT, 5.0, None, None, None),            # every line
            m.FeeRule(m.PERCENT, 3.0, TEA, "2026-03-01", "2026-03-31"),  # tea, March
            m.FeeRule(m.PERCENT, 50.0, TEA, "2026-04-01", None),     # not yet valid
            m.FeeRule(m.FIXED_ORDER, 2.0, None, None, None),         # per order
        ]
        lines = [line(1, 1, 100.0, 1, categ=(TEA, 1)),
                 line(2, 1, 300.0, 3, categ=(CUPS, 1))]
        fees = m.line_fees(lines, rules)
        # tea: 5 % + 3 % of 100 + 2.00 x 100/400; cups: 5 % of 300 + 2.00 x 300/400
        self.assertEqual(fees, [8.5, 16.5])

    def test_fixed_per_unit(self):
        rules = [m.FeeRule(m.FIXED_UNIT, 0.4, None, None, None)]
        self.assertEqual(m.line_fees([line(1, 1, 10.0, 5)], rules), [2.0])


class TestMargin(unittest.TestCase):
    def test_margin_of_an_order(self):
        order = m.Order(1, shipping=12.0, packaging_order=2.0, packaging_unit=0.5,
                        return_handling=8.0)
        lines = [line(1, 1, 100.0, 2, cost=30.0, rate=0.1),
                 line(2, 1, 50.0, 1, cost=20.0)]
        rules = [m.FeeRule(m.PERCENT, 10.0, None, None, None)]
        res = {r.key: r for r in m.compute_order(order, lines, rules)}
        # line 1: 100 - 60 - 10 - 8 (12 x 2/3) - (1.33 + 1.0) - 2 x 0.1 x 8
        self.assertEqual(res[1].cost, 60.0)
        self.assertEqual(res[1].fee, 10.0)
        self.assertEqual(res[1].shipping, 8.0)
        self.assertEqual(res[1].packaging, 2.33)
        self.assertEqual(res[1].return_cost, 1.6)
        self.assertEqual(res[1].margin, 18.07)
        self.assertEqual(res[1].margin_percent, 18.07)
        # line 2: 50 - 20 - 5 - 4 - (0.67 + 0.5)
        self.assertEqual(res[2].margin, 19.83)

    def test_break_even_price(self):
        # cost 8.00, 20 % fee, 0.40 per unit, 0.60 packaging -> 9.00 / 0.8
        self.assertEqual(m.break_even_price(8.0, 20.0, 0.4, 0.6), 11.25)
