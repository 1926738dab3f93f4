"""export_stock(listings=True): bundles, packs, policies, shared components."""
from odoo.exceptions import ValidationError

from .common import ListingCase


class TestListingExport(ListingCase):

    def export(self, **kwargs):
        rows = self.api().export_stock("TTM", listings=True, **kwargs)
        return {row["seller_code"]: row for row in rows}

    def test_bundle_pack_fixed_invalid_with_shared_mugs(self):
        gone = self._create_product("Gone", "T-GONE", qty=50)
        self._create_listing("T-OLD", [(gone, 1)])
        gone.active = False
        self._create_listing("T-PRE", [(self.tea, 1)], stock_policy="fixed",
                             stock_fixed_qty=7)
        # channel TTM: buffer 2, share 50 % per component
        # tea (40 - 2) x 50 % = 19, mug (25 - 2) x 50 % = 11.5
        # box = min(19 / 1, 11.5 / 2) = 5; pack (own policy): 25 // 6 = 4 - 1 = 3
        rows = self.export()
        self.assertEqual({code: row["available_qty"] for code, row in rows.items()},
                         {"T-BOX": 5, "T-PACK6": 3, "T-PRE": 7, "T-OLD": 0})
        self.assertEqual(rows["T-BOX"], {"platform_item_id": "9001",
                                         "platform_sku_id": "9001-1",
                                         "seller_code": "T-BOX",
                                         "available_qty": 5})
        self.assertEqual(self.box.exported_qty, 5)
        self.assertEqual(self.pack.exported_qty, 3)
        # an order reserves 2 boxes = 4 mugs: both listings sharing mugs drop
        self.import_orders([self.order("E1", lines=[
            {"seller_code": "T-BOX", "qty": 2, "price_unit": 50.0}])])
        rows = self.export()
        # mug (21 - 2) x 50 % = 9.5 -> box 4; pack 21 // 6 = 3 - 1 = 2
        self.assertEqual((rows["T-BOX"]["available_qty"],
                          rows["T-PACK6"]["available_qty"]), (4, 2))

    def test_channel_cap_and_split_allocation(self):
        self.channel.stock_cap_qty = 3
        self.assertEqual(self.export()["T-BOX"]["available_qty"], 3)
        self.channel.stock_cap_qty = 0
        self.channel.listing_stock_allocation = "split"
        # mugs shared by box and pack: box 11.5 / 2 listings / 2 = 2;
        # pack (own policy, raw stock) 25 / 2 / 6 = 2 - 1 = 1
        rows = self.export()
        self.assertEqual((rows["T-BOX"]["available_qty"],
                          rows["T-PACK6"]["available_qty"]), (2, 1))

    def test_filter_archived_and_plain_export_unchanged(self):
        rows = self.api().export_stock("TTM", ["9002-6", "T-BOX", "nope"], True)
        self.assertEqual(sorted(row["seller_code"] for row in rows),
                         ["T-BOX", "T-PACK6"])
        self.pack.active = False
        self.assertNotIn("T-PACK6", self.export())
        plain = self.api().export_stock("TTM", ["T-TEA"])
        self.assertEqual(plain, [{"sku": "T-TEA", "available_qty": 19}])
        with self.assertRaises(ValidationError):
            self.api().export_stock("NOPE", listings=True)
        with self.assertRaises(ValidationError):
            self.api().export_stock("TTM", "T-BOX", listings=True)
