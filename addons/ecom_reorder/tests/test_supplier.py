"""Vendor scoring, table-driven, without a database."""
import datetime
import unittest

from ..services import supplier

D = datetime.date


def cand(key, breaks, on_time=None, quality=None, delay=7, moq=0):
    return supplier.Candidate(key, key, breaks, delay, moq, on_time, quality)


class TestPriceBreaks(unittest.TestCase):
    def test_table(self):
        breaks = [(0, 10.0), (100, 9.0), (500, 8.0)]
        table = [(1, (10.0, 1)), (99, (10.0, 99)), (100, (9.0, 100)),
                 (499, (9.0, 499)), (1000, (8.0, 1000))]
        for qty, expected in table:
            with self.subTest(qty=qty):
                self.assertEqual(supplier.price_for_qty(breaks, qty), expected)

    def test_below_minimum_raises_quantity(self):
        self.assertEqual(supplier.price_for_qty([(50, 4.0), (200, 3.5)], 20), (4.0, 50))

    def test_no_price(self):
        with self.assertRaises(ValueError):
            supplier.price_for_qty([], 3)


class TestRates(unittest.TestCase):
    def test_on_time(self):
        receipts = [(D(2026, 1, 5), D(2026, 1, 5)), (D(2026, 1, 5), D(2026, 1, 4)),
                    (D(2026, 1, 5), D(2026, 1, 8)), (D(2026, 1, 5), D(2026, 1, 6))]
        self.assertAlmostEqual(supplier.on_time_rate(receipts), 0.5)
        self.assertAlmostEqual(supplier.on_time_rate(receipts, tolerance_days=1), 0.75)
        self.assertIsNone(supplier.on_time_rate([]))

    def test_quality(self):
        for received, rejected, expected in [(100, 5, 0.95), (100, 0, 1.0),
                                             (0, 0, None), (10, 20, 0.0)]:
            with self.subTest(received=received, rejected=rejected):
                self.assertEqual(supplier.quality_rate(received, rejected), expected)


class TestChoose(unittest.TestCase):
    def test_table(self):
        cheap_late = cand("cheap_late", [(0, 9.0)], on_time=0.2, quality=0.9)
        dear_ok = cand("dear_ok", [(0, 10.0)], on_time=1.0, quality=1.0)
        bulk = cand("bulk", [(0, 12.0), (100, 8.0)])
        table = [
            ("only one", [dear_ok], 10, None, "dear_ok"),
            # 10% dearer but always on time beats cheap and late
            ("reliability wins", [cheap_late, dear_ok], 10, None, "dear_ok"),
            ("price only", [cheap_late, dear_ok], 10,
             {"price": 1, "reliability": 0, "quality": 0}, "cheap_late"),
            # price breaks: at 100 units bulk is cheapest, at 10 it is dearest
            ("break reached", [dear_ok, bulk], 100,
             {"price": 1, "reliability": 0, "quality": 0}, "bulk"),
            ("break not reached", [dear_ok, bulk], 10,
             {"price": 1, "reliability": 0, "quality": 0}, "dear_ok"),
            # equal scores: first in vendor sequence wins
            ("tie", [cand("a", [(0, 5.0)]), cand("b", [(0, 5.0)])], 3, None, "a"),
        ]
        for name, cands, qty, weights, expected in table:
            with self.subTest(name):
                self.assertEqual(supplier.choose(cands, qty, weights).key, expected)

    def test_reason_is_readable(self):
        choice = supplier.choose([cand("v", [(0, 2.5)], on_time=0.9)], 4)
        self.assertEqual(choice.unit_price, 2.5)
        self.assertIn("price 2.50/u", choice.reason)
        self.assertIn("on time 90%", choice.reason)
        self.assertIn("quality n/a", choice.reason)

    def test_no_candidates(self):
        self.assertIsNone(supplier.choose([], 4))
