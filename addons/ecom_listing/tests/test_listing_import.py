"""import_listings and the CSV upload: idempotence and every error code."""
import base64

from odoo.exceptions import ValidationError

from .common import ListingCase


class TestListingImport(ListingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_staff()

    def send(self, items, code="TTM"):
        return self.api().import_listings(code, items)

    def test_create_unchanged_update_idempotent(self):
        item = {"platform_item_id": "5001", "platform_sku_id": "5001-2",
                "seller_code": "T-DUO", "title": "Duo",
                "components": [{"sku": "T-TEA", "qty": 1},
                               {"sku": "T-MUG", "qty": 1},
                               {"sku": "T-MUG", "qty": 1}]}
        first = self.send([item])
        self.assertEqual(first[0]["status"], "created", first)
        listing = self.listing_model.browse(first[0]["listing_id"])
        self.assertEqual([(line.product_id, line.quantity)
                          for line in listing.line_ids],
                         [(self.tea, 1.0), (self.mug, 2.0)])
        self.assertEqual(listing.kind, "bundle")
        again = self.send([item, item])
        self.assertEqual([r["status"] for r in again], ["unchanged", "unchanged"])
        self.assertEqual({r["listing_id"] for r in again}, {listing.id})
        changed = dict(item, components=[{"sku": "T-MUG", "qty": 3}],
                       stock_policy="fixed", stock_fixed_qty=4)
        self.assertEqual(self.send([changed])[0]["status"], "updated")
        self.assertEqual([(line.product_id, line.quantity)
                          for line in listing.line_ids],
                         [(self.mug, 3.0)])
        self.assertEqual((listing.kind, listing.stock_policy), ("multipack", "fixed"))
        # found by seller code alone too (the shop re-listed the item)
        moved = dict(changed, platform_item_id="5002", platform_sku_id="5002-2")
        row = self.send([moved])[0]
        self.assertEqual((row["status"], row["listing_id"]), ("updated", listing.id))
        self.assertEqual(listing.platform_item_id, "5002")
        self.assertEqual(self.listing_model.search_count(
            [("seller_code", "=", "T-DUO")]), 1)

    def test_every_error_code(self):
        gone = self._create_product("Gone", "T-GONE")
        gone.active = False
        service = self.env["product.product"].create({
            "name": "Gift wrap", "default_code": "T-WRAP", "type": "service"})
        items = [
            {"seller_code": "E1", "components": [{"sku": "NOPE", "qty": 1}]},
            {"seller_code": "E2", "components": [{"sku": "T-GONE", "qty": 1}]},
            {"seller_code": "E3", "sku": service.default_code},
            {"platform_sku_id": "9001-1", "platform_item_id": "9001",
             "seller_code": "T-PACK6", "sku": "T-TEA"},
            {"seller_code": "E5", "components": [{"sku": "T-TEA", "qty": -2}]},
            {"components": [{"sku": "T-TEA"}]},
            {"seller_code": "E7", "sku": "T-TEA", "stock_policy": "always"},
            {"seller_code": "E8" * 40, "sku": "T-TEA"},
            "junk",
        ]
        rows = self.send(items)
        self.assertEqual([r["error_code"] for r in rows], [
            "unknown_sku", "invalid_listing", "invalid_listing", "rejected_by_rule",
            "invalid_qty", "missing_field", "invalid_type", "too_large",
            "invalid_type"])
        self.assertTrue(all(r["status"] == "rejected" for r in rows))
        self.assertTrue(rows[0]["message"].startswith("components[0].sku"))
        self.assertIn("not a storable product", rows[2]["message"])
        self.assertIn("T-PACK6", rows[3]["message"])
        self.assertFalse(self.listing_model.search(
            [("seller_code", "in", ["E1", "E2", "E3", "E5", "E7"])]))
        self.assertEqual(self.box.line_ids.mapped("product_id"), self.tea | self.mug)
        unknown = self.send([{"seller_code": "X", "sku": "T-TEA"}], code="NOPE")
        self.assertEqual(unknown[0]["error_code"], "unknown_channel")
        with self.assertRaises(ValidationError):
            self.send("not a list")
        too_many = self.send([{"seller_code": "X", "sku": "T-TEA"}] * 1001)
        self.assertEqual(too_many[0]["error_code"], "too_large")

    def test_csv_upload_by_a_channel_manager(self):
        data = ("platform_item_id,platform_sku_id,seller_code,title,sku,qty\n"
                "8001,8001-1,T-GIFT2,Gift 2,T-TEA,2\n"
                "8001,8001-1,T-GIFT2,Gift 2,T-MUG,1\n"
                ",,T-BAD,Bad,NOPE,1\n")
        wizard = self.env["ecom.listing.import.wizard"].sudo(self.cs_manager).create({
            "channel_id": self.channel.id,
            "data_file": base64.b64encode(data.encode()), "filename": "l.csv"})
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.rejected_count), (1, 1))
        self.assertIn("[unknown_sku]", wizard.report)
        listing = self.listing_model.search([("seller_code", "=", "T-GIFT2")])
        self.assertEqual(listing.component_summary, "2 x T-TEA + 1 x T-MUG")
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.unchanged_count), (0, 1))
