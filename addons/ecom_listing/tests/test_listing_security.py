"""Who sees and edits listings (run as the roles, not as admin)."""
from odoo.exceptions import AccessError

from .common import ListingCase


class TestListingSecurity(ListingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_staff()
        cls.jd_listing = cls._create_listing("J-BOX", [(cls.tea, 1)],
                                             channel=cls.other_channel)

    def test_warehouse_reads_components_not_listings(self):
        lines = self.env["ecom.channel.listing.line"].sudo(self.warehouse_user)
        rows = lines.search_read([("seller_code", "=", "T-BOX")],
                                 ["product_id", "quantity", "listing_name",
                                  "platform_sku_id", "listing_id"])
        self.assertEqual(sorted(r["quantity"] for r in rows), [1.0, 2.0])
        self.assertEqual(rows[0]["platform_sku_id"], "9001-1")
        with self.assertRaises(AccessError):
            self.listing_model.sudo(self.warehouse_user).search_read([], ["name"])
        with self.assertRaises(AccessError):
            lines.browse(rows[0]["id"]).write({"quantity": 5})
        # the channel form's counters are counts, no listing data
        channel = self.channel.sudo(self.warehouse_user)
        self.assertEqual(channel.listing_count, 2)

    def test_customer_service_reads_its_channels_listings_only(self):
        visible = self.listing_model.sudo(self.cs_agent).search([])
        self.assertIn(self.box, visible)
        self.assertNotIn(self.jd_listing, visible)
        self.assertEqual(visible.filtered(lambda l: l == self.box).exported_qty, 5)
        with self.assertRaises(AccessError):
            self.box.sudo(self.cs_agent).write({"name": "Changed"})
        self.assertFalse(self.env["ecom.channel.listing.line"].sudo(
            self.cs_agent).search([("channel_id", "=", self.other_channel.id)]))

    def test_only_the_api_roles_may_export_or_import(self):
        for user in (self.warehouse_user, self.cs_agent):
            channel = self.env["ecom.channel"].sudo(user)
            with self.assertRaises(AccessError):
                channel.export_stock("TTM", listings=True)
            with self.assertRaises(AccessError):
                channel.import_listings("TTM", [{"seller_code": "T-BOX",
                                                 "sku": "T-TEA"}])
        self.assertEqual(self.box.line_ids.mapped("product_id"), self.tea | self.mug)

    def test_channel_manager_edits_bundles(self):
        box = self.box.sudo(self.cs_manager)
        box.write({"line_ids": [(1, box.line_ids[1].id, {"quantity": 3})]})
        self.assertEqual(self.box.component_summary, "1 x T-TEA + 3 x T-MUG")
        self.assertIn(self.jd_listing, self.listing_model.sudo(self.cs_manager).search(
            [("channel_id", "=", self.other_channel.id)]))
