"""Late receipts, rejected quantities, vendor scorecard, overstock, access."""
from odoo.exceptions import AccessError, ValidationError

from .common import ReorderCase


class TestFollowup(ReorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("Follow", [(cls.vendor_a, 2.0, 0, 3)])
        cls.operator = cls.env["res.users"].create({
            "name": "Test operator", "login": "test_ro_operator",
            "groups_id": [(6, 0, [
                cls.env.ref("base.group_user").id,
                cls.env.ref("ecom_base.group_warehouse_operator").id])],
        })

    def _order(self, vendor, qty, promised):
        order = self.env["purchase.order"].create({
            "partner_id": vendor.id,
            "picking_type_id": self.warehouse.in_type_id.id,
            "order_line": [(0, 0, {
                "product_id": self.product.id, "name": "x", "product_qty": qty,
                "product_uom": self.product.uom_po_id.id, "price_unit": 2,
                "date_planned": promised})]})
        order.button_confirm()
        return order

    def _receive_all(self, order):
        picking = order.picking_ids
        for move in picking.move_lines:
            move.quantity_done = move.product_uom_qty
        picking.action_done()
        return picking

    def test_late_receipt_flag(self):
        late = self._order(self.vendor_a, 5, "2001-01-01 00:00:00")
        future = self._order(self.vendor_a, 5, "2100-01-01 00:00:00")
        Purchase = self.env["purchase.order"].sudo(self.planner)
        found = Purchase.search([("ecom_late_receipt", "=", True)])
        self.assertIn(late, found)
        self.assertNotIn(future, found)
        self.assertTrue(late.sudo(self.planner).ecom_late_receipt)
        self._receive_all(late)
        late.invalidate_cache()
        self.assertFalse(late.sudo(self.planner).ecom_late_receipt)

    def test_rejection_feeds_scorecard(self):
        picking = self._receive_all(self._order(self.vendor_b, 40, "2001-01-01"))
        rejection = self.env["ecom.receipt.rejection"].sudo(self.operator).create({
            "picking_id": picking.id, "product_id": self.product.id,
            "quantity": 4, "reason": "damaged"})
        self.assertEqual(rejection.partner_id, self.vendor_b)
        card = self.env["ecom.vendor.scorecard"].sudo(self.planner).search(
            [("partner_id", "=", self.vendor_b.id)])
        self.assertEqual(card.receipt_count, 1)
        self.assertEqual(card.received_qty, 40)
        self.assertEqual(card.rejected_qty, 4)
        self.assertAlmostEqual(card.quality_rate, 90.0)
        self.assertEqual(card.on_time_rate, 0.0)  # promised in 2001
        rates = self.env["ecom.vendor.scorecard"]._vendor_rates([self.vendor_b.id])
        self.assertAlmostEqual(rates[self.vendor_b.id][1], 0.9)

    def test_rejection_input_is_checked(self):
        picking = self._receive_all(self._order(self.vendor_b, 5, "2001-01-01"))
        other = self._create_product("Not on receipt")
        Rejection = self.env["ecom.receipt.rejection"].sudo(self.operator)
        with self.assertRaisesRegex(ValidationError, "quantity"):
            Rejection.create({"picking_id": picking.id,
                              "product_id": self.product.id,
                              "quantity": 0, "reason": "damaged"})
        with self.assertRaisesRegex(ValidationError, "product_id"):
            Rejection.create({"picking_id": picking.id, "product_id": other.id,
                              "quantity": 1, "reason": "damaged"})

    def test_overstock_list(self):
        idle = self._create_product("Idle", qty=50)
        busy = self._create_product("Busy", qty=100)
        for offset in range(-5, 0):
            self._sell(busy, 1, self._day(offset))
        self._rule(busy, 5, 20, reorder_policy="demand")
        Line = self.env["ecom.overstock.line"].sudo(self.planner)
        Line._refresh(self.warehouse)
        lines = Line.search([("warehouse_id", "=", self.warehouse.id)])
        by_product = {line.product_id: line for line in lines}
        self.assertIn("no sale for any days", by_product[idle].reasons)
        self.assertEqual(by_product[idle].suggested_action, "promote")
        # 95 left, max 20 x 1.5 = 30 -> pause reordering
        self.assertIn("forecast 95 > max 20 x 1.5", by_product[busy].reasons)
        self.assertEqual(by_product[busy].suggested_action, "pause")
        by_product[busy].action_pause()
        self.assertTrue(by_product[busy].orderpoint_id.reorder_paused)
        action = by_product[idle].action_promote()
        self.assertEqual(action["res_model"], "ecom.promotion")

    def test_operator_cannot_plan(self):
        """The warehouse operator records rejections but runs no replenishment
        and reads no scorecard."""
        with self.assertRaises(AccessError):
            self.env["ecom.replenishment.run"].sudo(self.operator).create({})
        with self.assertRaises(AccessError):
            self.env["ecom.vendor.scorecard"].sudo(self.operator).search([])
        with self.assertRaises(AccessError):
            self.env["ecom.promotion"].sudo(self.operator).create({
                "name": "x", "date_from": "2030-01-01", "date_to": "2030-01-02",
                "product_ids": [(6, 0, self.product.ids)]})

    def test_promotion_input_is_checked(self):
        Promotion = self.env["ecom.promotion"].sudo(self.planner)
        with self.assertRaisesRegex(ValidationError, "date_to"):
            Promotion.create({"name": "bad", "date_from": "2030-01-05",
                              "date_to": "2030-01-01",
                              "product_ids": [(6, 0, self.product.ids)]})
        with self.assertRaisesRegex(ValidationError, "categ_ids"):
            Promotion.create({"name": "empty", "date_from": "2030-01-01",
                              "date_to": "2030-01-02"})
