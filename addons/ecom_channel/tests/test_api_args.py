"""Arguments of export_stock, order_status and create_key: codes, no database."""
import unittest

from odoo.addons.ecom_channel.services import api_args, intake


class TestApiArgs(unittest.TestCase):
    def code(self, error):
        return (error.code, error.field) if error else None

    def test_skus(self):
        self.assertIsNone(api_args.check_skus(None))      # every SKU
        self.assertIsNone(api_args.check_skus(["A", "B"]))
        self.assertEqual(self.code(api_args.check_skus("A")), ("invalid_type", "skus"))
        self.assertEqual(self.code(api_args.check_skus(["A", 3])),
                         ("invalid_type", "skus"))
        too_many = ["S%d" % i for i in range(api_args.MAX_EXPORT_SKUS + 1)]
        self.assertEqual(self.code(api_args.check_skus(too_many)),
                         ("too_large", "skus"))

    def test_external_refs(self):
        self.assertIsNone(api_args.check_external_refs([]))
        self.assertEqual(self.code(api_args.check_external_refs(None)),
                         ("missing_field", "external_refs"))
        self.assertEqual(self.code(api_args.check_external_refs({"a": 1})),
                         ("invalid_type", "external_refs"))
        refs = ["R"] * (api_args.MAX_STATUS_REFS + 1)
        error = api_args.check_external_refs(refs)
        self.assertEqual(self.code(error), ("too_large", "external_refs"))
        self.assertIn("max 5000 items", error.message)

    def test_key_request(self):
        self.assertIsNone(api_args.check_key_request(7, "Tmall connector"))
        cases = [
            (("7", "x"), ("invalid_type", "user_id")),
            ((True, "x"), ("invalid_type", "user_id")),
            ((0, "x"), ("unknown_user", "user_id")),
            ((7, None), ("missing_field", "name")),
            ((7, "  "), ("missing_field", "name")),
            ((7, 42), ("invalid_type", "name")),
            ((7, "n" * 65), ("too_large", "name")),
        ]
        for args, expected in cases:
            self.assertEqual(self.code(api_args.check_key_request(*args)), expected,
                             args)

    def test_message_names_code_and_field(self):
        error = api_args.unknown_channel("NOPE")
        text = api_args.api_message(error)
        self.assertEqual(text, "unknown_channel: channel_code: no active channel "
                               "with code 'NOPE'")
        self.assertEqual(api_args.parse_api_message(text),
                         ("unknown_channel",
                          "channel_code: no active channel with code 'NOPE'"))
        self.assertEqual(api_args.parse_api_message("Traceback..."),
                         (None, "Traceback..."))

    def test_every_code_has_a_message(self):
        self.assertEqual(set(intake.ERROR_CODES), set(intake.MESSAGES))
        for code in intake.ERROR_CODES:
            error = intake.IntakeError(code, "field_x")
            self.assertIn("field_x", error.message, code)

    def test_stock_answer(self):
        rows = [("A", 10, 2), ("B", 0, 0)]
        answer = api_args.stock_answer(rows, ["B", "Z", "A", "Z"],
                                       lambda row: row[1] - row[2])
        self.assertEqual(answer, [{"sku": "A", "available_qty": 8},
                                  {"sku": "B", "available_qty": 0},
                                  {"sku": "Z", "available_qty": 0}])
        self.assertEqual(len(api_args.stock_answer(rows, None, lambda r: 1)), 2)

    def test_first_per_sku(self):
        rows = [("A", 1, 0), ("A", 5, 0), ("B", 2, 0)]
        self.assertEqual(api_args.first_per_sku(rows), [("A", 1, 0), ("B", 2, 0)])
