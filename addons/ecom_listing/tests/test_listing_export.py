"""export_stock(listings=True): bundles, packs, policies, shared components."""
import random

from odoo.exceptions import ValidationError

from ..services import stock
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


class TestListingStockQuery(ListingCase):
    """The export's one query (services/stock.py AVAILABLE_SQL) gives what the
    plain-Python rules (``stock.available``) give, over a random mix of
    policies, shared components, reserved and negative stock, invalid
    components, both allocations and channel policies."""

    def _python_quantities(self, channel):
        listings = self.env["ecom.channel.listing"].search(
            [("channel_id", "=", channel.id)])
        items = []
        for listing in listings:
            valid = all(line.product_id.active and line.product_id.type == "product"
                        for line in listing.line_ids)
            items.append(stock.Listing(
                listing.id,
                {line.product_id.id: line.quantity for line in listing.line_ids},
                stock.Policy(listing.stock_policy, listing.stock_share_percent,
                             listing.stock_buffer_qty, listing.stock_cap_qty,
                             listing.stock_fixed_qty),
                valid))
        free = {}
        for quant in self.env["stock.quant"].search(
                [("location_id", "in", channel._stock_locations())]):
            free[quant.product_id.id] = free.get(quant.product_id.id, 0.0) + \
                quant.quantity - quant.reserved_quantity
        policy = stock.Policy("channel", channel.stock_share_percent,
                              channel.stock_buffer_qty, channel.stock_cap_qty, 0.0)
        return stock.available(items, free, policy, channel.listing_stock_allocation)

    def test_query_matches_python_rules(self):
        rng = random.Random(11)
        products = [self._create_product("Q%d" % i, "T-Q%d" % i,
                                         qty=rng.choice([0, 1, 7, 13.5, 40, 100]))
                    for i in range(8)] + [self.tea, self.mug]
        # stock below zero (a quant overdrawn) and reserved units
        self.env["stock.quant"]._update_available_quantity(
            products[0], self.stock_location, -3)
        self.import_orders([self.order("Q1", lines=[
            {"sku": "T-Q4", "qty": 3, "price_unit": 5.0}])])
        service = self.env["product.product"].create(
            {"name": "Q service", "default_code": "T-QS", "type": "service"})
        for index in range(30):
            parts = rng.sample(products, rng.randint(1, 3))
            if index == 5:
                parts.append(service)
            vals = {}
            mode = rng.choice(["channel", "channel", "custom", "fixed"])
            if mode != "channel":
                vals = {"stock_policy": mode,
                        "stock_share_percent": rng.choice([100, 50, 33.3]),
                        "stock_buffer_qty": rng.choice([0, 1, 2.5]),
                        "stock_cap_qty": rng.choice([0, 0, 4]),
                        "stock_fixed_qty": rng.choice([0, 5, 12.7])}
            self._create_listing(
                "T-L%d" % index,
                [(p, rng.choice([1, 1, 2, 3, 0.5, 1.5])) for p in parts], **vals)
        products[1].active = False
        channel = self.channel
        checked = 0
        for allocation in ("shared", "split"):
            for share, buffer_qty, cap in ((50, 2, 0), (100, 0, 0), (70, 1.5, 6)):
                channel.write({"listing_stock_allocation": allocation,
                               "stock_share_percent": share,
                               "stock_buffer_qty": buffer_qty,
                               "stock_cap_qty": cap})
                expected = self._python_quantities(channel)
                self.assertEqual(channel._listing_quantities(), expected,
                                 (allocation, share, buffer_qty, cap))
                checked += sum(1 for qty in expected.values() if qty > 0)
        # the mix is not trivial: many positive quantities were compared
        self.assertGreater(checked, 50)
