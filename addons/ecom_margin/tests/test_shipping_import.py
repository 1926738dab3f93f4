"""Validation of import_shipping_costs items (no database)."""
import unittest

from ..services import shipping_import as si

CURRENCIES = {"CNY", "USD"}


class TestShippingImport(unittest.TestCase):
    def assertCode(self, item, code, field):
        with self.assertRaises(si.ShippingCostError) as ctx:
            si.validate_item(item, CURRENCIES)
        self.assertEqual((ctx.exception.code, ctx.exception.field), (code, field))
        self.assertIn(field, ctx.exception.message)

    def test_valid_item(self):
        value = si.validate_item({"tracking_ref": " SF123 ", "cost": 12,
                                  "currency": "cny"}, CURRENCIES)
        self.assertEqual(value, {"key": ("tracking_ref", "SF123"), "cost": 12.0,
                                 "currency": "CNY"})

    def test_errors(self):
        self.assertCode({"cost": 1, "currency": "CNY"}, "missing_field",
                        "order_ref or tracking_ref")
        self.assertCode({"order_ref": "A", "currency": "CNY"}, "missing_field", "cost")
        self.assertCode({"order_ref": "A", "cost": -1, "currency": "CNY"},
                        "invalid_cost", "cost")
        self.assertCode({"order_ref": "A", "cost": "3", "currency": "CNY"},
                        "invalid_cost", "cost")
        self.assertCode({"order_ref": "A", "cost": 1, "currency": "EUR"},
                        "unknown_currency", "currency")
        self.assertCode({"order_ref": "A" * 65, "cost": 1, "currency": "CNY"},
                        "too_large", "order_ref")
        self.assertCode({"order_ref": 5, "cost": 1, "currency": "CNY"},
                        "invalid_type", "order_ref")
        self.assertCode("x", "invalid_type", "item")

    def test_batch(self):
        self.assertEqual(si.check_batch("x").code, "invalid_type")
        self.assertEqual(si.check_batch([{}] * (si.MAX_BATCH + 1)).code, "too_large")
        self.assertIsNone(si.check_batch([]))

    def test_result_row(self):
        row = si.result_row({"order_ref": "W1"}, "rejected",
                            error=si.ShippingCostError("unknown_order", "order_ref",
                                                       value="W1"))
        self.assertEqual(row["ref"], "W1")
        self.assertEqual(row["error_code"], "unknown_order")
