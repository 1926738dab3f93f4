"""Builders shared by the ORM tests of ecom_3pl.

A fresh 3PL warehouse and backend per test class (pointing at a closed port:
sending is tested for its failure path here; the integration tests send to
the fake 3PL server). Scenarios run as the warehouse roles and the
integration user.
"""
from odoo.tests.common import SavepointCase


class ThreePLCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, no_reset_password=True,
            mail_create_nolog=True))
        cls.warehouse = cls.env["stock.warehouse"].create({
            "name": "3PL test WH", "code": "T3PL"})
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.backend = cls.env["ecom.3pl.backend"].create({
            "name": "Test 3PL", "code": "T3PL", "warehouse_id": cls.warehouse.id,
            "base_url": "http://127.0.0.1:9", "secret": "test-secret",
            "max_attempts": 3, "backoff_base": 10, "timeout": 2})
        cls.customer = cls.env["res.partner"].create({
            "name": "Lin Mei Canary", "street": "88 Canary Road",
            "city": "Hangzhou", "zip": "310000", "phone": "+86 138 0000 1234",
            "customer": True})
        cls.product = cls._create_product("3PL test tea", "T3PL-TEA", qty=100)
        cls.product2 = cls._create_product("3PL test cup", "T3PL-CUP", qty=50)
        cls.operator = cls._user("t3pl_operator", "ecom_base.group_warehouse_operator")
        cls.manager = cls._user("t3pl_manager", "ecom_base.group_warehouse_manager")
        cls.integration = cls._user("t3pl_integration", "ecom_base.group_integration",
                                    internal=False)

    @classmethod
    def _user(cls, login, group, internal=True):
        groups = [cls.env.ref(group).id]
        if internal:
            groups.append(cls.env.ref("base.group_user").id)
        return cls.env["res.users"].create({
            "name": login, "login": login, "groups_id": [(6, 0, groups)]})

    @classmethod
    def _create_product(cls, name, sku, qty=0.0):
        """A storable product with ``qty`` on hand at the 3PL warehouse."""
        product = cls.env["product.product"].create({
            "name": name, "type": "product", "default_code": sku})
        if qty:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock, qty)
        return product

    @classmethod
    def _delivery(cls, lines, ready=True, env=None):
        """A delivery from the 3PL warehouse; ``lines`` = [(product, qty)]."""
        env = env or cls.env
        picking_type = cls.warehouse.out_type_id
        picking = env["stock.picking"].create({
            "picking_type_id": picking_type.id, "partner_id": cls.customer.id,
            "location_id": cls.stock.id, "location_dest_id": cls.customers.id,
            "move_lines": [(0, 0, {
                "name": product.name, "product_id": product.id,
                "product_uom_qty": qty, "product_uom": product.uom_id.id,
                "location_id": cls.stock.id,
                "location_dest_id": cls.customers.id}) for product, qty in lines]})
        picking.action_confirm()
        if ready:
            picking.action_assign()
        return picking

    def flush_jobs(self, **domain):
        """The send jobs of the test backend (identity key per transaction)."""
        return self.env["queue.job"].search(
            [("identity_key", "=like", "ecom_3pl_flush:%d:%%" % self.backend.id)]
            + [(k, "=", v) for k, v in domain.items()])

    def messages(self, **domain):
        return self.env["ecom.3pl.message"].search(
            [("backend_id", "=", self.backend.id)]
            + [(k, "=", v) for k, v in domain.items()])

    def ship_msg(self, mid, seq, picking, tracking="SF123", lines=None):
        payload = {"order_code": picking.name, "carrier": "SF Express",
                   "tracking_ref": tracking}
        if lines is not None:
            payload["lines"] = lines
        return {"message_id": mid, "sequence": seq, "payload": payload}
