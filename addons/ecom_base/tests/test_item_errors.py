"""The shared shape of a rejected API item (plain Python, no database)."""
import unittest

from ..services import item_errors


class ReturnLikeError(item_errors.ItemError):
    MESSAGES = dict(item_errors.COMMON_MESSAGES,
                    unknown_order="%(field)s: the channel has no order %(value)r")
    DEFAULT_PARAMS = {"value": "-"}


class TestItemError(unittest.TestCase):

    def test_common_sentences_name_the_field(self):
        error = item_errors.ItemError("missing_field", "lines.sku")
        self.assertEqual((error.code, error.field), ("missing_field", "lines.sku"))
        self.assertEqual(error.message, "lines.sku is required")
        self.assertEqual(str(error), "lines.sku is required")
        self.assertEqual(
            item_errors.result_row("rejected", error, external_ref="TM-1"),
            {"external_ref": "TM-1", "status": "rejected",
             "error_code": "missing_field", "message": "lines.sku is required"})
        self.assertEqual(item_errors.result_row("created", order_id=7),
                         {"order_id": 7, "status": "created",
                          "error_code": False, "message": False})

    def test_an_api_table_adds_its_codes_and_defaults(self):
        error = ReturnLikeError("unknown_order", "order_ref", value="TM-1")
        self.assertEqual(error.message, "order_ref: the channel has no order 'TM-1'")
        # a parameter left out takes the subclass default, not a KeyError
        self.assertEqual(ReturnLikeError("unknown_order", "order_ref").message,
                         "order_ref: the channel has no order '-'")
        # one the table needs and nobody gives reads "?"
        self.assertEqual(ReturnLikeError("too_large", "lines").message,
                         "lines is too large (max ?)")
        with self.assertRaises(KeyError):
            item_errors.ItemError("unknown_order", "order_ref")

    def test_numbers(self):
        for value in (0, 1, 2.5, -3):
            self.assertTrue(item_errors.is_number(value), value)
        for value in (True, "1", None, float("nan"), float("inf"), [1]):
            self.assertFalse(item_errors.is_number(value), value)
