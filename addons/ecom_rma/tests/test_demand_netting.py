"""Restocked returns are not demand for ecom_reorder."""
import datetime


class DemandNettingTests(object):
    """Mixed into TestRmaFlow (its fixture: channel, products, roles)."""

    def test_restocked_units_are_taken_off_the_daily_sales(self):
        order = self._order("N-100", lines=[{"sku": "R-SKU-A", "qty": 5,
                                             "price_unit": 10.0}])
        self.assertEqual(order.picking_ids.state, "done")
        # ecom_reorder counts sales per UTC day (the stored move dates)
        today = datetime.datetime.utcnow().date()
        before = self.warehouse._ecom_daily_deliveries(
            self.product_a, today - datetime.timedelta(days=3), today)
        # 5 of this order (and what the fixture's orders shipped)
        sold = sum(before[self.product_a.id].values())
        self.assertGreaterEqual(sold, 5.0)
        rma = self.env["ecom.rma"].browse(self.import_one(self.ret(
            "N-1", "N-100", lines=[{"sku": "R-SKU-A", "qty": 2}]))["rma_id"])
        self.receive(rma, {"R-SKU-A": 2})
        self.inspect(rma, {"R-SKU-A": ("A", "restock")})
        rma.sudo(self.operator).action_validate()
        after = self.warehouse._ecom_daily_deliveries(
            self.product_a, today - datetime.timedelta(days=3), today)
        self.assertEqual(sum(after[self.product_a.id].values()), sold - 2.0)
        self.assertEqual(sum(after[self.product_a.id].returned.values()), 2.0)
        rule = self.env["stock.warehouse.orderpoint"].create({
            "product_id": self.product_a.id, "warehouse_id": self.warehouse.id,
            "location_id": self.stock_location.id, "product_min_qty": 0,
            "product_max_qty": 0, "reorder_policy": "demand",
            "demand_window_days": 30})
        rule._compute_suggestions(today=today + datetime.timedelta(days=1))
        self.assertIn("2 returned units restocked, not counted as demand",
                      rule.demand_explanation)
