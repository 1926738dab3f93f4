"""Selling to a partner makes it a protected customer, logged."""
from .common import PiiCase, canaries_in

VENDOR_CANARY = {"name": "Canaryname Zhangxiaosan Trading", "email":
                 "canary.mail.7731@example.com", "phone": "13877310001"}


class TestProtectionBySale(PiiCase):
    def test_a_vendor_sold_to_becomes_protected(self):
        # a vendor company entered by purchasing: readable by the warehouse
        vendor = self.env["res.partner"].create(dict(
            VENDOR_CANARY, supplier=True, customer=False, is_company=True))
        self.assertFalse(vendor.ecom_pii_protected)
        self.assertTrue(canaries_in(self.as_role(
            "warehouse_operator", "res.partner").browse(vendor.id).read(
                ["name", "email"])))
        # ... then a salesman sells to it: from now on it is a customer
        self.env["sale.order"].create({
            "partner_id": vendor.id,
            "order_line": [(0, 0, {"product_id": self.product.id,
                                   "product_uom_qty": 1})]})
        self.assertTrue(vendor.ecom_pii_protected)
        self.env["res.partner"].invalidate_cache()
        self.assertEqual(canaries_in(self.as_role(
            "warehouse_operator", "res.partner").browse(vendor.id).read(
                ["name", "email", "phone"])), [])
        logs = self.env["ecom.pii.access.log"].search(
            [("kind", "=", "protection"), ("partner_id", "=", vendor.id)])
        self.assertEqual(len(logs), 1)
        self.assertIn("sold to", logs.note)

    def test_already_protected_buyers_are_not_logged_again(self):
        self.env["sale.order"].create({
            "partner_id": self.customer.id,
            "order_line": [(0, 0, {"product_id": self.product.id,
                                   "product_uom_qty": 1})]})
        logs = self.env["ecom.pii.access.log"].search(
            [("kind", "=", "protection"), ("partner_id", "=", self.customer.id)])
        self.assertFalse(logs)
