"""Fixtures of the ORM tests: a channel with delivered orders and the roles.

Orders come in through ``import_orders`` (as the integration user) and are
shipped by the warehouse fixture, so a case is always opened on an order
that delivered something, as in production.
"""
from odoo.tests.common import SavepointCase


class RmaCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       no_reset_password=True,
                                       mail_create_nolog=True))
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.warehouse._ecom_rma_setup()
        cls.stock_location = cls.warehouse.lot_stock_id
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "RMA test CNY", "currency_id": cny.id})
        cls.channel = cls.env["ecom.channel"].create({
            "name": "RMA Tmall", "code": "RTM", "platform": "tmall",
            "warehouse_id": cls.warehouse.id, "pricelist_id": cls.pricelist.id,
        })
        cls.other_channel = cls.env["ecom.channel"].create({
            "name": "RMA JD", "code": "RJD", "platform": "jd",
            "warehouse_id": cls.warehouse.id, "pricelist_id": cls.pricelist.id,
        })
        cls.vendor = cls.env["res.partner"].create({
            "name": "RMA Vendor Co", "supplier": True, "customer": False,
            "is_company": True})
        # stock: A 50, B 50
        cls.product_a = cls._create_product("RMA A", "R-SKU-A", qty=50)
        cls.product_b = cls._create_product("RMA B", "R-SKU-B", qty=50)
        cls.integration = cls._create_user(
            "t_rma_integration", ["ecom_base.group_integration"])
        cls.cs_agent = cls._create_user(
            "t_rma_cs", ["base.group_user", "ecom_base.group_customer_service"])
        cls.cs_other = cls._create_user(
            "t_rma_cs_other", ["base.group_user", "ecom_base.group_customer_service"])
        cls.operator = cls._create_user(
            "t_rma_wh", ["base.group_user", "ecom_base.group_warehouse_operator"])
        cls.channel.customer_service_user_ids = [(6, 0, cls.cs_agent.ids)]
        cls.other_channel.customer_service_user_ids = [(6, 0, cls.cs_other.ids)]

    @classmethod
    def _create_product(cls, name, sku, qty=0):
        """A storable product with ``qty`` units in stock and a vendor."""
        product = cls.env["product.product"].create({
            "name": name, "default_code": sku, "type": "product",
            "list_price": 10.0, "standard_price": 4.0, "taxes_id": [(5, 0, 0)],
            "seller_ids": [(0, 0, {"name": cls.vendor.id, "price": 4.5})],
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

    @classmethod
    def _order(cls, ref, lines=None, channel=None, ship=True):
        """A paid order imported through the channel, shipped when ``ship``."""
        channel = channel or cls.channel
        payload = {
            "external_ref": ref, "ordered_at": "2026-11-20 08:30:00",
            "currency": "CNY", "paid": True,
            "customer": {"external_id": "rma-buyer-%s" % ref,
                         "name": "Canary Buyer %s" % ref,
                         "email": "canary-%s@example.com" % ref.lower(),
                         "phone": "13800138000"},
            "shipping": {"name": "Canary Buyer %s" % ref, "phone": "13800138000",
                         "street": "9 Canary Street", "city": "Shanghai",
                         "zip": "200000", "country_code": "CN"},
            "lines": lines or [{"sku": "R-SKU-A", "qty": 3, "price_unit": 100.0},
                               {"sku": "R-SKU-B", "qty": 2, "price_unit": 50.0}],
        }
        result = cls.env["ecom.channel"].sudo(cls.integration).import_orders(
            channel.code, [payload])[0]
        assert result["status"] == "created", result
        order = cls.env["sale.order"].browse(result["order_id"])
        if ship:
            for picking in order.picking_ids:
                for move in picking.move_lines:
                    move.quantity_done = move.product_uom_qty
                picking.action_done()
        return order

    @staticmethod
    def ret(ref, order_ref, lines=None, **extra):
        """A valid return payload; ``extra`` updates the top-level keys."""
        payload = {
            "external_ref": ref, "order_ref": order_ref, "type": "return_refund",
            "reason": "damaged", "requested_at": "2026-11-25 10:00:00",
            "refund_amount": 100.0,
            "lines": lines or [{"sku": "R-SKU-A", "qty": 1}],
            "return_tracking_ref": "SF-%s" % ref,
        }
        payload.update(extra)
        return payload

    def api(self, user=None):
        return self.env["ecom.channel"].sudo(user or self.integration)

    def import_one(self, payload, channel=None):
        return self.api().import_returns((channel or self.channel).code,
                                         [payload])[0]

    def receive(self, rma, quantities, user=None):
        """As the warehouse: received qty per product, receipt validated."""
        rma = rma.sudo(user or self.operator)
        for line in rma.line_ids:
            line.qty_received = quantities.get(line.product_id.default_code, 0.0)
        rma.action_receive()
        return rma

    def inspect(self, rma, results, user=None):
        """``results`` {sku: (condition, disposition)}; inspected."""
        rma = rma.sudo(user or self.operator)
        for line in rma.line_ids:
            if line.product_id.default_code in results:
                condition, disposition = results[line.product_id.default_code]
                line.write({"condition": condition, "disposition": disposition})
        rma.action_inspect()
        return rma

    def qty_at(self, product, location):
        quants = self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "child_of", location.id)])
        return sum(quants.mapped("quantity"))
