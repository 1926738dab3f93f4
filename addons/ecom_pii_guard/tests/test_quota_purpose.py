"""Daily quotas and reveal purposes, table-driven; pure Python, no database."""
import datetime
import unittest

from ..services import purpose, quota


class TestQuota(unittest.TestCase):
    def test_check(self):
        cases = [
            # (limit, used, remaining or None for "refused")
            (3, 0, 2),
            (3, 2, 0),
            (3, 3, "refused"),
            (0, 0, "refused"),
            (None, 10 ** 6, None),  # unlimited: privacy officer
        ]
        for limit, used, expected in cases:
            with self.subTest(limit=limit, used=used):
                if expected == "refused":
                    with self.assertRaises(quota.QuotaExceeded) as err:
                        quota.check(limit, used)
                    self.assertEqual(err.exception.limit, limit)
                else:
                    self.assertEqual(quota.check(limit, used), expected)

    def test_parse_limit(self):
        cases = [("20", 5, 20), (" 0 ", 5, 0), ("-1", 5, 5), ("abc", 5, 5),
                 (None, 5, 5), (False, 7, 7), (30, 5, 30)]
        for value, default, expected in cases:
            self.assertEqual(quota.parse_limit(value, default), expected, value)

    def test_day_window(self):
        now = datetime.datetime(2026, 3, 1, 23, 59, 59)
        self.assertEqual(
            quota.day_window(now), ("2026-03-01 00:00:00", "2026-03-02 00:00:00"))


class TestPurpose(unittest.TestCase):
    def test_valid(self):
        self.assertEqual(
            purpose.validate(" phone ", "after_sales", " case 12 "),
            ("phone", "after_sales", "case 12"))
        self.assertEqual(
            purpose.validate("email", "delivery_problem"),
            ("email", "delivery_problem", ""))

    def test_invalid_names_the_field(self):
        cases = [
            (("name", "after_sales", None), "field"),
            ((None, "after_sales", None), "field"),
            (("phone", "", None), "purpose"),
            (("phone", "curiosity", None), "purpose"),
            (("phone", None, None), "purpose"),
            (("phone", "after_sales", 12), "note"),
            (("phone", "after_sales", "x" * 201), "note"),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                with self.assertRaises(purpose.InvalidReveal) as err:
                    purpose.validate(*args)
                self.assertEqual(err.exception.field, field)
                self.assertIn(field, err.exception.message)
