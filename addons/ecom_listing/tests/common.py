"""Fixtures of the ORM tests: a channel with a gift box, a 6-pack and stock.

Builds on ecom_channel's ChannelCase (channel TTM: share 50 %, buffer 2;
channel TJD: the whole stock; users integration and cs_agent).
"""
from odoo.addons.ecom_channel.tests.common import ChannelCase


class ListingCase(ChannelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # stock: tea 40 (list 30.00), mug 25 (list 10.00)
        cls.tea = cls._create_product("Test tea", "T-TEA", qty=40)
        cls.mug = cls._create_product("Test mug", "T-MUG", qty=25)
        cls.tea.list_price = 30.0
        cls.listing_model = cls.env["ecom.channel.listing"]
        # gift box = 1 tea + 2 mugs (weights 30 / 20)
        cls.box = cls._create_listing("T-BOX", [(cls.tea, 1), (cls.mug, 2)],
                                      item="9001", sku_id="9001-1")
        # 6 mugs, own policy: keep 1 pack back
        cls.pack = cls._create_listing("T-PACK6", [(cls.mug, 6)], item="9002",
                                       sku_id="9002-6", stock_policy="custom",
                                       stock_buffer_qty=1)

    @classmethod
    def _create_listing(cls, seller, components, item=False, sku_id=False,
                        channel=None, **vals):
        """A listing of ``channel`` (default TTM): components [(product, qty)]."""
        vals.update({
            "channel_id": (channel or cls.channel).id, "seller_code": seller,
            "platform_item_id": item, "platform_sku_id": sku_id,
            "name": "Listing %s" % seller,
            "line_ids": [(0, 0, {"product_id": product.id, "quantity": qty})
                         for product, qty in components],
        })
        return cls.env["ecom.channel.listing"].create(vals)

    @classmethod
    def _create_staff(cls):
        """A warehouse operator and a channel manager (customer-service manager)."""
        cls.warehouse_user = cls._create_user(
            "t_wh", ["base.group_user", "ecom_base.group_warehouse_operator"])
        cls.cs_manager = cls._create_user(
            "t_csm", ["base.group_user", "ecom_base.group_customer_service_manager"])

    def import_orders(self, orders, code="TTM"):
        return self.api().import_orders(code, orders)

    def lines_of(self, result_row):
        order = self.env["sale.order"].browse(result_row["order_id"])
        return order.order_line.sorted("id")
