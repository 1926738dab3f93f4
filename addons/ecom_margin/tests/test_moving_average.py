"""Moving-average engine (no database): exact values."""
import unittest

from ..services import moving_average as ma

WH1, WH2, P = 1, 2, 7


def move(key, date, src=None, dst=None, qty=1.0, price=0.0, origin=None,
         is_return=False):
    return ma.move_event(key, date, P, key, src, dst, qty, price_unit=price,
                         origin_move_id=origin, is_return=is_return)


class TestMovingAverage(unittest.TestCase):
    def test_receipts_average(self):
        # 10 @ 5.00 then 10 @ 8.00 -> average 6.50
        rows = ma.replay([move(1, "2026-01-01", dst=WH1, qty=10, price=5.0),
                          move(2, "2026-01-02", dst=WH1, qty=10, price=8.0)])
        self.assertEqual([r.avg_after for r in rows], [5.0, 6.5])
        self.assertEqual(rows[-1].qty_after, 20.0)

    def test_full_flow_receipt_landed_transfer_sale_return(self):
        events = [
            # receipt of 10 @ 5.00 into WH1
            move(1, "2026-01-01", dst=WH1, qty=10, price=5.0),
            # landed cost of 20.00 on it: 10 units on hand -> +2.00
            ma.landed_event(100, "2026-01-02", P, 1, WH1, 20.0, 55),
            # 4 units WH1 -> transit, transit -> WH2 (origin = first leg)
            move(2, "2026-01-03", src=WH1, qty=4),
            move(3, "2026-01-04", dst=WH2, qty=4, origin=2),
            # the transfer's own landed cost 4.00 on the 4 units in WH2
            ma.landed_event(101, "2026-01-05", P, 3, WH2, 4.0, 56),
            # sale of 2 from WH2 at 8.00, then one returned
            move(4, "2026-01-06", src=WH2, qty=2),
            move(5, "2026-01-07", dst=WH2, qty=1, origin=4, is_return=True),
        ]
        rows = ma.replay(events)
        by_move = {(r.move_id, r.kind): r for r in rows}
        self.assertEqual(by_move[(1, ma.LANDED)].avg_after, 7.0)
        self.assertEqual(by_move[(2, ma.OUT)].unit_cost, 7.0)
        self.assertEqual(by_move[(3, ma.TRANSFER_IN)].unit_cost, 7.0)
        self.assertEqual(by_move[(3, ma.LANDED)].avg_after, 8.0)
        self.assertEqual(by_move[(4, ma.OUT)].unit_cost, 8.0)
        self.assertEqual(by_move[(5, ma.RETURN)].unit_cost, 8.0)
        self.assertEqual(by_move[(5, ma.RETURN)].qty_after, 3.0)
        # WH1 keeps 6 units at 7.00
        last_wh1 = [r for r in rows if r.warehouse_id == WH1][-1]
        self.assertEqual((last_wh1.qty_after, last_wh1.avg_after), (6.0, 7.0))

    def test_direct_transfer_between_warehouses(self):
        rows = ma.replay([move(1, "2026-01-01", dst=WH1, qty=3, price=9.0),
                          move(2, "2026-01-02", src=WH1, dst=WH2, qty=1)])
        kinds = [(r.warehouse_id, r.kind, r.unit_cost) for r in rows]
        self.assertEqual(kinds[1:], [(WH1, ma.TRANSFER_OUT, 9.0),
                                     (WH2, ma.TRANSFER_IN, 9.0)])

    def test_two_warehouses_keep_their_own_cost(self):
        rows = ma.replay([move(1, "2026-01-01", dst=WH1, qty=5, price=10.0),
                          move(2, "2026-01-01", dst=WH2, qty=5, price=12.0),
                          move(3, "2026-01-02", src=WH1, qty=1),
                          move(4, "2026-01-02", src=WH2, qty=1)])
        out = {r.warehouse_id: r.unit_cost for r in rows if r.kind == ma.OUT}
        self.assertEqual(out, {WH1: 10.0, WH2: 12.0})

    def test_landed_cost_without_stock_is_unabsorbed(self):
        rows = ma.replay([move(1, "2026-01-01", dst=WH1, qty=2, price=4.0),
                          move(2, "2026-01-02", src=WH1, qty=2),
                          ma.landed_event(9, "2026-01-03", P, 1, WH1, 6.0, 1)])
        self.assertEqual(rows[-1].unabsorbed, 6.0)
        self.assertEqual(rows[-1].avg_after, 4.0)

    def test_negative_stock_then_receipt_takes_receipt_cost(self):
        rows = ma.replay([move(1, "2026-01-01", dst=WH1, qty=1, price=4.0),
                          move(2, "2026-01-02", src=WH1, qty=3),
                          move(3, "2026-01-03", dst=WH1, qty=5, price=6.0)])
        self.assertEqual(rows[-1].avg_after, 6.0)
        self.assertEqual(rows[-1].qty_after, 3.0)

    def test_incremental_equals_full_replay(self):
        events = [move(1, "2026-01-01", dst=WH1, qty=10, price=5.0),
                  move(2, "2026-01-02", src=WH1, qty=3),
                  move(3, "2026-01-03", dst=WH1, qty=7, price=9.0),
                  move(4, "2026-01-04", dst=WH1, qty=1, origin=2, is_return=True),
                  move(5, "2026-01-05", src=WH1, qty=4)]
        full = ma.replay(events)
        states, costs = {}, {}
        first = ma.replay(events[:2], states=states, move_costs=costs)
        second = ma.replay(events[2:], states=states, move_costs=costs)
        self.assertEqual(first + second, full)

    def test_receipt_without_price_uses_fallback(self):
        rows = ma.replay([move(1, "2026-01-01", dst=WH1, qty=2)],
                         fallback_costs={P: 3.5})
        self.assertEqual(rows[0].unit_cost, 3.5)
