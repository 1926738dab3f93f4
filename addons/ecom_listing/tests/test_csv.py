"""The staff CSV upload format (services/csv_listings.py), no database."""
import unittest

from odoo.addons.ecom_listing.services import csv_listings


class TestCsv(unittest.TestCase):
    def test_rows_with_the_same_codes_form_one_listing(self):
        data = ("\ufeffplatform_item_id;platform_sku_id;seller_code;title;sku;qty;"
                "stock_policy;stock_fixed_qty\n"
                "6001;6001-1;GIFT;Gift box;TEA;1;fixed;5\n"
                "6001;6001-1;GIFT;Gift box;MUG;2;;\n"
                ";;P6;6-pack;MUG;6;;\n\n").encode("utf-8")
        items = csv_listings.parse(data)
        self.assertEqual(len(items), 2)
        self.assertEqual(items[0]["components"], [{"sku": "TEA", "qty": 1.0},
                                                  {"sku": "MUG", "qty": 2.0}])
        self.assertEqual((items[0]["stock_policy"], items[0]["stock_fixed_qty"]),
                         ("fixed", 5.0))
        self.assertEqual(items[1]["seller_code"], "P6")

    def test_bad_header_and_number(self):
        with self.assertRaises(csv_listings.CsvError):
            csv_listings.parse(b"a,b\n1,2\n")
        with self.assertRaises(csv_listings.CsvError):
            csv_listings.parse(b"seller_code,sku,qty\nS,A,two\n")
