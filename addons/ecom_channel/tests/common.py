"""Fixtures of the ORM tests: a channel with stock and the users who call the API."""
from odoo.tests.common import SavepointCase


class ChannelCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       no_reset_password=True))
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.stock_location = cls.warehouse.lot_stock_id
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Test CNY", "currency_id": cny.id})
        cls.channel = cls.env["ecom.channel"].create({
            "name": "Test Tmall", "code": "TTM", "platform": "tmall",
            "warehouse_id": cls.warehouse.id, "pricelist_id": cls.pricelist.id,
            "stock_share_percent": 50, "stock_buffer_qty": 2,
        })
        cls.other_channel = cls.env["ecom.channel"].create({
            "name": "Test JD", "code": "TJD", "platform": "jd",
            "warehouse_id": cls.warehouse.id, "pricelist_id": cls.pricelist.id,
        })
        # stock: A 20 units, B 5 units, C none
        cls.product_a = cls._create_product("Test A", "T-SKU-A", qty=20)
        cls.product_b = cls._create_product("Test B", "T-SKU-B", qty=5)
        cls.product_c = cls._create_product("Test C", "T-SKU-C", qty=0)
        cls.integration = cls._create_user(
            "t_integration", ["ecom_base.group_integration"])
        cls.cs_agent = cls._create_user(
            "t_cs", ["base.group_user", "ecom_base.group_customer_service"])
        cls.channel.customer_service_user_ids = [(6, 0, cls.cs_agent.ids)]

    @classmethod
    def _create_product(cls, name, sku, qty=0):
        """A storable product with ``qty`` units in the main warehouse's stock."""
        product = cls.env["product.product"].create({
            "name": name, "default_code": sku, "type": "product", "list_price": 10.0,
            "taxes_id": [(5, 0, 0)],
        })
        if qty:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.stock_location, qty)
        return product

    @classmethod
    def _create_user(cls, login, group_xmlids):
        groups = [cls.env.ref(xmlid).id for xmlid in group_xmlids]
        return cls.env["res.users"].create({
            "name": login, "login": login, "groups_id": [(6, 0, groups)]})

    def api(self, user=None):
        return self.env["ecom.channel"].sudo(user or self.integration)

    @staticmethod
    def order(ref, paid=True, lines=None, **extra):
        """A valid payload; ``extra`` updates the top-level keys."""
        payload = {
            "external_ref": ref,
            "ordered_at": "2026-11-20 08:30:00",
            "currency": "CNY",
            "paid": paid,
            "customer": {"external_id": "buyer-%s" % ref, "name": "Buyer %s" % ref,
                         "email": "buyer-%s@example.com" % ref.lower(),
                         "phone": False},
            "shipping": {"name": "Buyer %s" % ref, "phone": "13800138000",
                         "street": "1 Nanjing Road", "city": "Shanghai",
                         "zip": "200000", "country_code": "CN"},
            "lines": lines or [{"sku": "T-SKU-A", "qty": 2, "price_unit": 99.0}],
        }
        payload.update(extra)
        return payload
