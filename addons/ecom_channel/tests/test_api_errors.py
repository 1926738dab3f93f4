"""Bad arguments of the channel API raise one stable code naming the field, and
imported records name the integration user who wrote them (ORM, as the role)."""
from odoo.exceptions import UserError, ValidationError

from odoo.addons.ecom_channel.exceptions import EcomApiError

from .common import ChannelCase


class TestApiErrors(ChannelCase):
    def assertCode(self, code, field, call, *args, **kwargs):
        with self.assertRaises(EcomApiError) as caught:
            call(*args, **kwargs)
        error = caught.exception
        self.assertEqual((error.code, error.field), (code, field))
        self.assertTrue(error.name.startswith("%s: %s" % (code, field)), error.name)
        # caught by code written for either exception
        self.assertIsInstance(error, ValidationError)
        self.assertIsInstance(error, UserError)

    def test_export_stock(self):
        api = self.api()
        self.assertCode("unknown_channel", "channel_code", api.export_stock, "NOPE")
        self.assertCode("unknown_channel", "channel_code", api.export_stock, 42)
        self.assertCode("invalid_type", "skus", api.export_stock, "TTM", skus="A")
        self.assertCode("invalid_type", "skus", api.export_stock, "TTM", skus=[1])
        self.assertCode("too_large", "skus", api.export_stock, "TTM",
                        skus=["S"] * 20001)

    def test_order_status(self):
        api = self.api()
        self.assertCode("unknown_channel", "channel_code", api.order_status, "NOPE",
                        [])
        self.assertCode("invalid_type", "external_refs", api.order_status, "TTM",
                        "R1")
        self.assertCode("missing_field", "external_refs", api.order_status, "TTM",
                        None)
        self.assertCode("too_large", "external_refs", api.order_status, "TTM",
                        ["R"] * 5001)

    def test_import_orders_not_a_list(self):
        self.assertCode("invalid_type", "orders", self.api().import_orders, "TTM",
                        {"external_ref": "X"})

    def test_create_key(self):
        keys = self.env["ecom.api.key"]
        self.assertCode("invalid_type", "user_id", keys.create_key, "7", "Shop")
        self.assertCode("unknown_user", "user_id", keys.create_key, 999999, "Shop")
        self.assertCode("not_integration_user", "user_id", keys.create_key,
                        self.cs_agent.id, "Shop")
        self.assertCode("missing_field", "name", keys.create_key,
                        self.integration.id, " ")
        self.assertCode("too_large", "name", keys.create_key, self.integration.id,
                        "n" * 65)
        self.integration.active = False
        self.assertCode("unknown_user", "user_id", keys.create_key,
                        self.integration.id, "Shop")


class TestImportAccountability(ChannelCase):
    def assertWrittenBy(self, records, user):
        self.assertTrue(records)
        records.invalidate_cache()
        self.assertEqual(records.mapped("create_uid"), user, records)
        self.assertEqual(records.mapped("write_uid"), user, records)

    def check_batch(self, refs):
        result = self.api().import_orders("TTM", [self.order(ref) for ref in refs])
        self.assertEqual({row["status"] for row in result}, {"created"})
        sales = self.env["sale.order"].browse([row["order_id"] for row in result])
        self.assertWrittenBy(sales, self.integration)
        self.assertWrittenBy(sales.mapped("order_line"), self.integration)
        pickings = sales.mapped("picking_ids")
        self.assertWrittenBy(pickings, self.integration)
        self.assertWrittenBy(pickings.mapped("move_lines"), self.integration)
        self.assertWrittenBy(sales.mapped("partner_id"), self.integration)
        self.assertWrittenBy(sales.mapped("partner_shipping_id"), self.integration)
        log = self.env["ecom.import.log"].search([("channel_id", "=", self.channel.id)],
                                                 limit=1)
        self.assertEqual(log.order_ids, sales)
        self.assertEqual(log.user_id, self.integration)
        return sales

    def test_one_order(self):
        self.check_batch(["ACC-1"])

    def test_set_based_batch(self):
        self.check_batch(["ACC-2", "ACC-3", "ACC-4"])

    def test_stock_and_customers_of_others_untouched(self):
        before = self.product_a.write_uid
        self.check_batch(["ACC-5"])
        self.product_a.invalidate_cache()
        self.assertEqual(self.product_a.write_uid, before)
        self.assertNotEqual(self.channel.create_uid, self.integration)
