"""After-sales cases "wrong item" are errors of the picker (and packer) of
the order's delivery, on the day of their step (with ecom_rma installed)."""
import unittest

from .common import AnalyticsCase


class TestWrongItemErrors(AnalyticsCase):
    def test_wrong_item_charged_to_picker(self):
        if "ecom.rma" not in self.env:
            raise unittest.SkipTest("ecom_rma is not installed")
        self.env["stock.quant"]._update_available_quantity(
            self.product_a, self.stock, 10)
        order = self._order(self.channel, [(self.product_a, 2, 10.0)], self._day(0))
        delivery = order.picking_ids
        self.assertEqual(len(delivery), 1)
        for line in delivery.move_line_ids:
            line.qty_done = line.product_uom_qty
        delivery.sudo(self.operator).button_validate()
        self.env["ecom.rma"].create({
            "channel_id": self.channel.id, "sale_order_id": order.id,
            "warehouse_id": self.warehouse.id, "type": "refund_only",
            "reason": "wrong_item",
            "line_ids": [(0, 0, {"product_id": self.product_a.id,
                                 "qty_requested": 1})]})
        Kpi = self.env["ecom.staff.kpi"]
        Kpi._refresh(self._day(-1), self._day(1))
        rows = {row.role: row for row in Kpi.search(
            [("user_id", "=", self.operator.id)])}
        self.assertEqual(rows["pick"].errors, 1)
        self.assertEqual(rows["pick"].errors_per_1000, 1000.0)
        # shipping the wrong item is the picker's error, not the shipper's
        self.assertEqual(rows["ship"].errors, 0)
