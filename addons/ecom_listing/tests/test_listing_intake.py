"""Orders naming listings: component lines, prices, reservation, errors."""
from .common import ListingCase


class TestListingIntake(ListingCase):

    def test_bundle_by_seller_code_reserved_per_component(self):
        # 2 gift boxes at 100.00: tea 2 x 60.00, mugs 4 x 20.00 (weights 30/20)
        result = self.import_orders([self.order("B1", lines=[
            {"seller_code": "T-BOX", "qty": 2, "price_unit": 100.0,
             "platform_line_id": "P-1"}])])
        self.assertEqual(result[0]["status"], "created", result)
        lines = self.lines_of(result[0])
        self.assertEqual([(line.product_id, line.product_uom_qty, line.price_unit)
                          for line in lines],
                         [(self.tea, 2.0, 60.0), (self.mug, 4.0, 20.0)])
        self.assertEqual(sum(lines.mapped("price_subtotal")), 200.0)
        self.assertEqual(lines.mapped("ecom_listing_id"), self.box)
        self.assertEqual(set(lines.mapped("ecom_platform_line_ref")), {"P-1"})
        self.assertEqual(set(lines.mapped("ecom_listing_qty")), {2.0})
        moves = lines.mapped("move_ids")
        self.assertEqual({(m.product_id, m.reserved_availability) for m in moves},
                         {(self.tea, 2.0), (self.mug, 4.0)})

    def test_multipack_by_platform_ids_exact_total(self):
        # one 6-pack at 59.90 -> 4 x 9.98 + 2 x 9.99, all reserved
        result = self.import_orders([self.order("P1", lines=[
            {"platform_item_id": "9002", "platform_sku_id": "9002-6", "qty": 1,
             "price_unit": 59.9}])])
        lines = self.lines_of(result[0])
        self.assertEqual([(line.product_uom_qty, line.price_unit) for line in lines],
                         [(4.0, 9.98), (2.0, 9.99)])
        self.assertAlmostEqual(sum(lines.mapped("price_subtotal")), 59.9)
        self.assertEqual(set(lines.mapped("ecom_platform_line_ref")), {"lines[0]"})
        self.assertEqual(sum(lines.mapped("move_ids.reserved_availability")), 6.0)

    def test_same_orders_as_plain_skus_give_the_same_orders(self):
        # differential: the bundle order and the order with its component SKUs
        bundle = self.import_orders([self.order("D1", lines=[
            {"platform_sku_id": "9001-1", "qty": 1, "price_unit": 50.0}])])
        plain = self.import_orders([self.order("D2", lines=[
            {"sku": "T-TEA", "qty": 1, "price_unit": 30.0},
            {"sku": "T-MUG", "qty": 2, "price_unit": 10.0}])])
        columns = ["product_id", "product_uom_qty", "price_unit", "price_subtotal",
                   "product_uom", "tax_id", "state", "qty_to_invoice"]
        got, expected = (self.lines_of(r[0]).read(columns) for r in (bundle, plain))
        for row in got + expected:
            row.pop("id")
        self.assertEqual(got, expected)
        moves = [self.lines_of(r[0]).mapped("move_ids").read(
            ["product_id", "product_uom_qty", "state", "location_id"])
            for r in (bundle, plain)]
        for row in moves[0] + moves[1]:
            row.pop("id")
        self.assertEqual(moves[0], moves[1])

    def test_mixed_batch_errors_in_order_and_nothing_half_written(self):
        gone = self._create_product("Gone", "T-GONE", qty=5)
        self._create_listing("T-OLD", [(gone, 1)])
        gone.active = False
        orders = self.env["sale.order"]
        before = orders.search_count([])
        batch = [
            self.order("M1"),
            self.order("M2", lines=[{"seller_code": "T-BOX", "qty": 1,
                                     "price_unit": 50.0}]),
            self.order("M3", lines=[
                {"sku": "T-SKU-A", "qty": 1, "price_unit": 1.0},
                {"platform_sku_id": "NO-SUCH", "title": "Red mug", "qty": 1,
                 "price_unit": 5.0}]),
            self.order("M4", lines=[{"seller_code": "T-OLD", "qty": 1,
                                     "price_unit": 5.0}]),
            self.order("M5", lines=[{"seller_code": "T-BOX", "qty": 1,
                                     "price_unit": 50.0},
                                    {"sku": "NOPE", "qty": 1, "price_unit": 1.0}]),
        ]
        result = self.import_orders(batch)
        self.assertEqual([r["status"] for r in result],
                         ["created", "created", "rejected", "rejected", "rejected"])
        self.assertEqual([r["error_code"] for r in result[2:]],
                         ["unknown_listing", "invalid_listing", "unknown_sku"])
        self.assertTrue(result[2]["message"].startswith("lines[1].platform_sku_id"))
        self.assertIn("T-GONE is archived", result[3]["message"])
        # the unknown SKU is the platform's second line, not the 3rd sale line
        self.assertTrue(result[4]["message"].startswith("lines[1].sku"),
                        result[4]["message"])
        self.assertEqual(orders.search_count([]), before + 2)
        unmatched = self.env["ecom.listing.unmatched"].search(
            [("channel_id", "=", self.channel.id)])
        self.assertEqual((unmatched.platform_sku_id, unmatched.title,
                          unmatched.hit_count, unmatched.last_external_ref),
                         ("NO-SUCH", "Red mug", 1, "M3"))
        again = self.import_orders(batch)
        self.assertEqual([r["status"] for r in again],
                         ["exists", "exists", "rejected", "rejected", "rejected"])
        self.assertEqual(unmatched.hit_count, 2)
        # mapping it takes it off the list, and the order goes in
        self._create_listing(False, [(self.mug, 1)], sku_id="NO-SUCH",
                             item="777")
        self.assertFalse(unmatched.exists())
        third = self.import_orders([batch[2]])
        self.assertEqual(third[0]["status"], "created")

    def test_other_channel_listing_is_unknown(self):
        result = self.import_orders([self.order("O1", lines=[
            {"seller_code": "T-BOX", "qty": 1, "price_unit": 1.0}])], code="TJD")
        self.assertEqual(result[0]["error_code"], "unknown_listing")
        self.box.active = False
        result = self.import_orders([self.order("O2", lines=[
            {"seller_code": "T-BOX", "qty": 1, "price_unit": 1.0}])])
        self.assertEqual(result[0]["error_code"], "unknown_listing")

    def test_bad_quantity_on_a_listing_line(self):
        result = self.import_orders([self.order("Q1", lines=[
            {"seller_code": "T-BOX", "qty": -1, "price_unit": 1.0}])])
        self.assertEqual((result[0]["error_code"], result[0]["message"][:12]),
                         ("invalid_qty", "lines[0].qty"))
