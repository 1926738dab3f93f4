"""Settlement CSV through a platform mapping (no database)."""
import unittest

from ..services import csv_mapping as cm

JD = {"delimiter": ",", "order_ref": "订单编号", "type": "费用项", "amount": "金额",
      "type_values": cm.parse_type_values("货款 = sale\n平台使用费 = commission\n"
                                          "售后退款 = refund\n京东快车 = ads"),
      "negative_types": {"commission", "refund", "ads"}}


class TestCsvMapping(unittest.TestCase):
    def test_jd_file_gb18030(self):
        text = ("订单编号,费用项,金额,备注\n"
                "JD-1,货款,\"1,200.00\",\n"
                "JD-1,平台使用费,60.00,\n"        # positive in the file
                "\n"
                "JD-2,售后退款,¥50,\n"
                ",京东快车,(12.5),\n")
        lines, errors = cm.parse(text.encode("gb18030"), JD)
        self.assertEqual(errors, [])
        self.assertEqual(lines, [
            {"order_ref": "JD-1", "type": "sale", "amount": 1200.0},
            {"order_ref": "JD-1", "type": "commission", "amount": -60.0},
            {"order_ref": "JD-2", "type": "refund", "amount": -50.0},
            {"order_ref": False, "type": "ads", "amount": -12.5},
        ])

    def test_row_errors_use_the_api_codes(self):
        text = ("订单编号,费用项,金额\n"
                "JD-1,货款,abc\n"
                "JD-2,神秘费用,1\n"
                ",货款,3\n"
                "JD-3,货款,4\n").encode("utf-8-sig")
        lines, errors = cm.parse(text, JD)
        self.assertEqual([(e["row"], e["error_code"]) for e in errors],
                         [(2, "invalid_amount"), (3, "unknown_type"),
                          (4, "missing_field")])
        self.assertIn("金额", errors[0]["message"])
        self.assertEqual(len(lines), 1)

    def test_header_and_file_errors(self):
        with self.assertRaises(cm.CsvError) as caught:
            cm.parse("a,b\n1,2\n".encode(), JD)
        self.assertEqual(caught.exception.code, "missing_column")
        with self.assertRaises(cm.CsvError) as caught:
            cm.parse(b"", JD)
        self.assertEqual(caught.exception.code, "invalid_file")

    def test_type_values_and_amounts(self):
        with self.assertRaises(ValueError):
            cm.parse_type_values("foo = bar")
        self.assertEqual(cm.parse_type_values("")["sale"], "sale")
        self.assertEqual(cm.parse_amount("1.234,50", decimal_comma=True), 1234.5)
        self.assertEqual(cm.parse_amount("-3 元"), -3.0)
        self.assertIsNone(cm.parse_amount("nan"))
        self.assertIsNone(cm.parse_amount(""))
