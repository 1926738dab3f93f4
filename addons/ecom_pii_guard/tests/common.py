"""Fixtures of the ORM tests: canary customers, a vendor, a delivery and receipt.

Canary values are unique strings; a test fails if any of them shows up where
a restricted role looks.
"""
from odoo.tests.common import SavepointCase

CANARY = {
    "name": "Canaryname Zhangxiaosan",
    "email": "canary.mail.7731@example.com",
    "phone": "13877310001",
    "mobile": "13977310002",
    "street": "Canarystreet 7731",
    "street2": "Canaryblock 7731",
    "zip": "773100",
    "city": "Canarycity",
    "vat": "CN7731CANARY",
}


def canaries_in(text):
    """Canary values (or their distinctive parts) found in ``text``."""
    text = str(text)
    found = [value for value in CANARY.values() if value in text]
    found += [part for part in ("Zhangxiaosan", "7731000", "Canarycity", "7731@")
              if part in text]
    return found


class PiiCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, mail_create_nolog=True,
            mail_notrack=True, mail_create_nosubscribe=True))
        env = cls.env
        cls.customer = env["res.partner"].create(dict(CANARY, customer=True))
        cls.delivery_contact = env["res.partner"].create(dict(
            CANARY, name="Canaryname Delivery", type="delivery",
            parent_id=cls.customer.id))
        cls.vendor = env["res.partner"].create({
            "name": "Vendor Steel Co", "supplier": True, "customer": False,
            "is_company": True, "email": "sales@vendor.example.com"})
        cls.product = env["product.product"].create(
            {"name": "PII test widget", "type": "product", "default_code": "PIIW"})
        warehouse = env.ref("stock.warehouse0")
        cls.stock = warehouse.lot_stock_id
        cls.customers_loc = env.ref("stock.stock_location_customers")
        env["stock.quant"]._update_available_quantity(cls.product, cls.stock, 50)
        cls.delivery = env["stock.picking"].create({
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": cls.delivery_contact.id,
            "location_id": cls.stock.id,
            "location_dest_id": cls.customers_loc.id,
            "origin": "SO-CANARY-1",
            "move_lines": [(0, 0, {
                "name": "PII test widget", "product_id": cls.product.id,
                "product_uom": cls.product.uom_id.id, "product_uom_qty": 3,
                "location_id": cls.stock.id,
                "location_dest_id": cls.customers_loc.id,
                "partner_id": cls.delivery_contact.id})],
        })
        cls.delivery.action_confirm()
        cls.delivery.message_subscribe([cls.customer.id])
        cls.users = {
            role: env.ref("ecom_base.user_%s_demo" % role)
            for role in ("warehouse_operator", "warehouse_manager",
                         "customer_service", "purchase_planner", "privacy_officer")
        }

    def as_role(self, role, model):
        return self.env[model].sudo(self.users[role])
