"""Listing lines -> component lines and listing payloads (no database)."""
import unittest

from odoo.addons.ecom_listing.services import payload, resolve
from odoo.addons.ecom_listing.services.errors import ListingError
from odoo.addons.ecom_listing.services.resolve import IntakeListing

BOX = IntakeListing(7, "600100", "600100-1", "GIFT", [("TEA", 1.0, 118.0),
                                                      ("MUG", 2.0, 59.0)], None)
PACK = IntakeListing(8, "600200", "600200-6", "MUGx6", [("MUG", 6.0, 10.0)], None)
BROKEN = IntakeListing(9, False, False, "OLD", [("GONE", 1.0, 5.0)],
                       "component GONE is archived")
# the same SKU id under two items: ambiguous without the item id
TWIN_A = IntakeListing(10, "700", "SAME", False, [("TEA", 1.0, 1.0)], None)
TWIN_B = IntakeListing(11, "701", "SAME", False, [("MUG", 1.0, 1.0)], None)


def order(*lines):
    return {"external_ref": "R1", "lines": list(lines)}


class TestTranslate(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.index = resolve.ListingIndex([BOX, PACK, BROKEN, TWIN_A, TWIN_B])

    def test_plain_order_is_passed_unchanged(self):
        raw = order({"sku": "TEA", "qty": 1, "price_unit": 5})
        self.assertIs(resolve.translate_order(raw, self.index)[0], raw)

    def test_bundle_by_seller_code_and_platform_ids(self):
        for line in ({"seller_code": "GIFT"},
                     {"platform_sku_id": "600100-1"},
                     {"platform_item_id": "600100", "platform_sku_id": "600100-1"},
                     {"platform_sku_id": 404, "seller_code": "GIFT"}):
            line = dict(line, qty=2, price_unit=199.0, platform_line_id="L9")
            new, traces, origin = resolve.translate_order(
                order({"sku": "KET", "qty": 1, "price_unit": 1}, line), self.index)
            skus = [ln["sku"] for ln in new["lines"]]
            self.assertEqual(skus[:3], ["KET", "TEA", "MUG"], line)
            self.assertEqual(new["lines"][1]["qty"], 2)
            self.assertEqual(sum(ln["qty"] for ln in new["lines"][2:]), 4)
            amount = sum(ln["qty"] * ln["price_unit"] for ln in new["lines"][1:])
            self.assertAlmostEqual(amount, 398.0, places=6)
            self.assertIsNone(traces[0])
            self.assertEqual(traces[1], resolve.Trace(7, "L9", 2.0))
            self.assertEqual(origin[:2], [0, 1])

    def test_unknown_listing_names_the_field(self):
        for line, field in (({"seller_code": "NOPE"}, "lines[0].seller_code"),
                            ({"platform_sku_id": "X1"}, "lines[0].platform_sku_id"),
                            ({"platform_item_id": "X"}, "lines[0].platform_item_id"),
                            ({"platform_sku_id": "SAME"}, "lines[0].platform_sku_id")):
            with self.assertRaises(ListingError) as caught:
                resolve.translate_order(order(dict(line, qty=1, price_unit=1)),
                                        self.index)
            self.assertEqual(caught.exception.code, "unknown_listing")
            self.assertTrue(caught.exception.message.startswith(field), field)
            self.assertEqual(caught.exception.line["qty"], 1)

    def test_ambiguous_sku_id_resolved_by_item(self):
        new, _traces, _origin = resolve.translate_order(order(
            {"platform_item_id": "701", "platform_sku_id": "SAME", "qty": 1,
             "price_unit": 3}), self.index)
        self.assertEqual(new["lines"][0]["sku"], "MUG")

    def test_invalid_listing_and_bad_quantities(self):
        with self.assertRaises(ListingError) as caught:
            resolve.translate_order(order(
                {"seller_code": "OLD", "qty": 1, "price_unit": 1}), self.index)
        self.assertEqual(caught.exception.code, "invalid_listing")
        self.assertIn("GONE is archived", caught.exception.message)
        for bad, code in (({"qty": 0}, "invalid_qty"), ({"qty": "2"}, "invalid_qty"),
                          ({"price_unit": -1}, "invalid_price"),
                          ({"qty": None}, "missing_field")):
            line = dict({"seller_code": "GIFT", "qty": 1, "price_unit": 1}, **bad)
            if bad.get("qty", 1) is None:
                del line["qty"]
            with self.assertRaises(ListingError) as caught:
                resolve.translate_order(order(line), self.index)
            self.assertEqual(caught.exception.code, code)

    def test_error_of_a_later_line_names_its_original_index(self):
        _new, _t, origin = resolve.translate_order(order(
            {"seller_code": "GIFT", "qty": 1, "price_unit": 9},
            {"sku": "BAD", "qty": 1, "price_unit": 1}), self.index)
        row = {"message": "lines[2].sku: no storable product with SKU 'BAD'"}
        self.assertEqual(resolve.remap_message(row, origin)["message"],
                         "lines[1].sku: no storable product with SKU 'BAD'")

    def test_collect_keys(self):
        keys = resolve.collect_keys([order({"seller_code": " GIFT "},
                                           {"platform_sku_id": 12, "sku": "T"},
                                           {"platform_item_id": "I"}), "junk"])
        self.assertEqual(keys, {"seller_code": {"GIFT"}, "platform_sku_id": set(),
                                "platform_item_id": {"I"}})


class TestListingPayload(unittest.TestCase):
    def test_valid_bundle_merges_repeated_products(self):
        item = payload.validate_listing({
            "platform_sku_id": 12, "seller_code": " S1 ", "title": " Box  A ",
            "components": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2},
                           {"sku": "A", "qty": 1}]})
        self.assertEqual(item["components"], [("A", 2.0), ("B", 2.0)])
        self.assertEqual((item["platform_sku_id"], item["seller_code"],
                          item["name"]), ("12", "S1", "Box A"))
        self.assertEqual(item["stock_policy"], "channel")

    def test_multipack_shorthand(self):
        item = payload.validate_listing({"seller_code": "P6", "sku": "M", "qty": 6})
        self.assertEqual(item["components"], [("M", 6.0)])

    def test_error_codes_name_the_field(self):
        cases = [
            ({"components": [{"sku": "A"}]}, "missing_field", "platform_sku_id"),
            ({"seller_code": "S"}, "missing_field", "components"),
            ({"seller_code": "S", "components": "A"}, "invalid_type", "components"),
            ({"seller_code": "S", "components": [{"sku": "A", "qty": 0}]},
             "invalid_qty", "components[0].qty"),
            ({"seller_code": "S", "components": [{"qty": 1}]}, "missing_field",
             "components[0].sku"),
            ({"seller_code": "S" * 65, "sku": "A"}, "too_large", "seller_code"),
            ({"seller_code": "S", "sku": "A", "stock_policy": "x"}, "invalid_type",
             "stock_policy"),
            ({"seller_code": "S", "sku": "A", "stock_share_percent": 120},
             "invalid_type", "stock_share_percent"),
            ({"seller_code": "S", "sku": "A", "active": "yes"}, "invalid_type",
             "active"),
            ("junk", "invalid_type", "listing"),
        ]
        for raw, code, field in cases:
            with self.assertRaises(ListingError) as caught:
                payload.validate_listing(raw)
            self.assertEqual(caught.exception.code, code, raw)
            self.assertTrue(caught.exception.message.startswith(field),
                            caught.exception.message)

    def test_batch_checks(self):
        self.assertEqual(payload.check_batch("x").code, "invalid_type")
        self.assertEqual(payload.check_batch([{}] * 1001).code, "too_large")
        self.assertIsNone(payload.check_batch([]))
