"""Price split of a platform line over its components (services/pricing.py)."""
import unittest

from odoo.addons.ecom_listing.services.pricing import split_line


def total(lines):
    return round(sum(qty * price for _key, qty, price in lines), 2)


class TestSplitLine(unittest.TestCase):

    def test_bundle_split_by_list_price_sum_exact(self):
        # gift box 199.00 = 1 tea (list 118) + 2 mugs (list 59): weights 118 / 118
        lines = split_line(199.0, 1, [("TEA", 1, 118.0), ("MUG", 2, 59.0)])
        self.assertEqual(lines[0], ("TEA", 1, 99.5))
        self.assertEqual(total(lines), 199.0)
        self.assertTrue(all(key == "MUG" for key, _q, _p in lines[1:]))
        self.assertEqual(sum(q for key, q, _p in lines if key == "MUG"), 2)

    def test_two_bundles_scale_quantities(self):
        lines = split_line(100.0, 2, [("A", 1, 30.0), ("B", 1, 70.0)])
        self.assertEqual(lines, [("A", 2, 30.0), ("B", 2.0, 70.0)])

    def test_multipack_remainder_on_two_lines_one_cent_apart(self):
        # 6-pack at 59.90: 5990 cents over 6 units = 998 x 4 + 999 x 2
        lines = split_line(59.9, 1, [("MUG", 6, 12.0)])
        self.assertEqual(lines, [("MUG", 4.0, 9.98), ("MUG", 2.0, 9.99)])
        self.assertEqual(total(lines), 59.9)

    def test_rounding_thirds_last_takes_remainder(self):
        # three equal components of a 10.00 box: 3.33, 3.33, 3.34
        lines = split_line(10.0, 1, [("A", 1, 1.0), ("B", 1, 1.0), ("C", 1, 1.0)])
        self.assertEqual(lines, [("A", 1, 3.33), ("B", 1, 3.33), ("C", 1.0, 3.34)])

    def test_zero_list_prices_split_by_quantity(self):
        lines = split_line(30.0, 1, [("A", 1, 0.0), ("B", 2, 0.0)])
        self.assertEqual(lines, [("A", 1, 10.0), ("B", 2.0, 10.0)])

    def test_free_line_and_many_amounts_stay_exact(self):
        self.assertEqual(split_line(0.0, 3, [("A", 1, 5.0), ("B", 2, 1.0)]),
                         [("A", 3, 0.0), ("B", 6.0, 0.0)])
        for price in (0.01, 0.99, 1.0, 17.77, 99.9, 1234.56):
            for qty in (1, 2, 7):
                lines = split_line(price, qty, [("A", 1, 3.0), ("B", 3, 7.0),
                                                ("C", 2, 0.5)])
                self.assertEqual(total(lines), round(price * qty, 2), (price, qty))
                self.assertTrue(all(p >= 0 for _k, _q, p in lines))

    def test_other_precision(self):
        lines = split_line(10.0, 1, [("A", 1, 1.0), ("B", 1, 2.0)], digits=3)
        self.assertEqual(lines, [("A", 1, 3.333), ("B", 1.0, 6.667)])
