"""Warehouse cost through receipt -> landed cost -> transfer -> sale -> return,
with exact values, and the same rows rebuilt from the moves."""
from .common import MarginCase


class TestCostFlow(MarginCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("MarginTea")
        # 10 units @ 5.00 into WH1, landed cost 20.00 -> 7.00
        cls.receipt = cls._receive(cls.wh1, cls.product, 10, 5.0)
        cls.landed = cls._landed_cost(cls.receipt, 20.0)
        # 4 units WH1 -> WH2 at 7.00, the transfer's own freight 4.00 -> 8.00
        cls.transfer = cls._transfer(cls.wh1, cls.wh2, cls.product, 4)
        cls.transfer_landed = cls._landed_cost(cls.transfer, 4.0)

    def _rows(self):
        return self.cost_model.search([("product_id", "=", self.product.id)],
                                      order="date, id")

    def test_receipt_landed_transfer(self):
        self.assertAlmostEqual(self._last_cost(self.wh1, self.product), 7.0)
        self.assertAlmostEqual(self._last_cost(self.wh2, self.product), 8.0)
        kinds = [(r.warehouse_id.id, r.kind, r.unit_cost, r.qty_after, r.avg_cost)
                 for r in self._rows()]
        self.assertEqual(kinds, [
            (self.wh1.id, "in", 5.0, 10.0, 5.0),
            (self.wh1.id, "landed", 20.0, 10.0, 7.0),
            (self.wh1.id, "transfer_out", 7.0, 6.0, 7.0),
            (self.wh2.id, "transfer_in", 7.0, 4.0, 7.0),
            (self.wh2.id, "landed", 4.0, 4.0, 8.0),
        ])
        # only one current row per (warehouse, product)
        self.assertEqual(len(self._rows().filtered("is_last")), 2)

    def test_sale_and_return_at_the_cost_it_left_with(self):
        order = self._order(self.channel2, [(self.product, 2, 30.0)])
        line = self._margin_of(order)
        self.assertEqual(line.state, "estimated")
        self.assertAlmostEqual(line.cost, 16.0)      # 2 x 8.00 (WH2)
        self._ship(order)
        line.invalidate_cache()
        self.assertEqual(line.state, "shipped")
        self.assertAlmostEqual(line.cost, 16.0)
        self.assertAlmostEqual(line.margin, 60.0 - 16.0)
        delivery = order.picking_ids
        wizard = self.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_ids=delivery.ids).create({})
        wizard.product_return_moves.write({"quantity": 1})
        return_id, _type = wizard._create_returns()
        self._validate(self.env["stock.picking"].browse(return_id))
        ret = self._rows().filtered(lambda r: r.kind == "return")
        self.assertEqual((ret.unit_cost, ret.qty_after, ret.avg_cost), (8.0, 3.0, 8.0))

    def test_rebuild_gives_the_same_rows(self):
        before = [(r.warehouse_id.id, r.kind, r.unit_cost, r.qty_after, r.avg_cost,
                   r.is_last) for r in self._rows()]
        run = self.env["ecom.cost.rebuild"].create({})
        run._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        after = [(r.warehouse_id.id, r.kind, r.unit_cost, r.qty_after, r.avg_cost,
                  r.is_last) for r in self._rows()]
        self.assertEqual(before, after)

    def test_cost_as_of_a_date(self):
        first = self._rows()[0]
        at = self.cost_model._cost_at([(self.wh1.id, self.product.id)], first.date)
        # at the receipt's timestamp: the landed cost may share it; the first
        # state of the day is 5.00 or, with the landed cost, 7.00
        self.assertIn(at[(self.wh1.id, self.product.id)], (5.0, 7.0))
        none = self.cost_model._cost_at([(self.wh1.id, self.product.id)],
                                        "2000-01-01 00:00:00")
        self.assertEqual(none, {})
