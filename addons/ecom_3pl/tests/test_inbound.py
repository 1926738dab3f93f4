"""Inbound message validation and sequencing, without a database."""
import unittest

from ..services import errors, inbound


def ship(mid, seq, **payload):
    base = {"order_code": "WH/OUT/00001", "carrier": "SF Express",
            "tracking_ref": "SF1"}
    base.update(payload)
    return {"message_id": mid, "sequence": seq, "payload": base}


class TestValidate(unittest.TestCase):
    def test_ship_confirm(self):
        msg = inbound.validate(ship("m1", 1, lines=[{"sku": "A", "qty": 2}]),
                               "ship_confirm")
        self.assertEqual(msg["ref"], "WH/OUT/00001")
        self.assertEqual(msg["lines"], [("A", 2.0)])

    def test_rejections_name_the_field(self):
        table = [
            ("no id", {"sequence": 1, "payload": {}}, "ship_confirm",
             "missing_field", "message_id"),
            ("no sequence", {"message_id": "m", "payload": {}}, "ship_confirm",
             "missing_field", "sequence"),
            ("sequence 0", {"message_id": "m", "sequence": 0, "payload": {}},
             "ship_confirm", "invalid_value", "sequence"),
            ("bad type", {"message_id": "m", "sequence": 1, "payload": {}},
             "teleport", "unknown_type", "type"),
            ("no tracking", ship("m", 1, tracking_ref=""), "ship_confirm",
             "missing_field", "payload.tracking_ref"),
            ("negative qty", ship("m", 1, lines=[{"sku": "A", "qty": -1}]),
             "ship_confirm", "invalid_value", "payload.lines[0].qty"),
            ("bool qty", ship("m", 1, lines=[{"sku": "A", "qty": True}]),
             "ship_confirm", "invalid_value", "payload.lines[0].qty"),
            ("change without delta", {"message_id": "m", "sequence": 1,
                                      "payload": {"lines": [{"sku": "A"}]}},
             "stock_change", "missing_field", "payload.lines[0].qty_delta"),
        ]
        for name, raw, msg_type, code, field in table:
            with self.subTest(name):
                with self.assertRaises(errors.ThreePLError) as ctx:
                    inbound.validate(raw, msg_type)
                self.assertEqual(ctx.exception.code, code)
                self.assertEqual(ctx.exception.field, field)
                self.assertIn(field.split("[")[0], ctx.exception.message)

    def test_negative_delta_allowed_for_changes(self):
        msg = inbound.validate({"message_id": "c", "sequence": 3, "payload": {
            "lines": [{"sku": "A", "qty_delta": -4}]}}, "stock_change")
        self.assertEqual(msg["lines"], [("A", -4.0)])

    def test_batch_checks(self):
        with self.assertRaises(errors.ThreePLError):
            inbound.check_batch("nope")
        with self.assertRaises(errors.ThreePLError):
            inbound.check_batch([{}] * (inbound.MAX_BATCH + 1))


class TestPlanSequence(unittest.TestCase):
    def test_in_order_after_reordering(self):
        # arrived: 3, 1, 2 -> applied 1, 2, 3
        keys, last, skipped = inbound.plan_sequence(
            0, [(3, "c", 0), (1, "a", 0), (2, "b", 0)], now=1, gap_timeout=60)
        self.assertEqual((keys, last, skipped), (["a", "b", "c"], 3, []))

    def test_gap_waits_then_is_skipped(self):
        waiting = [(5, "e", 100)]
        self.assertEqual(inbound.plan_sequence(3, waiting, 130, 60), ([], 3, []))
        self.assertEqual(inbound.plan_sequence(3, waiting, 160, 60),
                         (["e"], 5, [(4, 4)]))

    def test_late_message_after_skip_applies(self):
        self.assertEqual(inbound.plan_sequence(5, [(4, "d", 0)], 1, 60),
                         (["d"], 5, []))


class TestDoneQuantities(unittest.TestCase):
    def test_shipped_quantity_fills_the_moves_in_order(self):
        # tea (7) in two moves of 2 and 3, cup (8) in one of 1; 4 tea shipped
        moves = [(1, 7, 2.0), (2, 7, 3.0), (3, 8, 1.0)]
        self.assertEqual(inbound.done_quantities(moves, [(7, 1.0), (7, 3.0)]),
                         [(1, 2.0), (2, 2.0), (3, 0.0)])

    def test_more_than_the_demand_is_capped(self):
        self.assertEqual(inbound.done_quantities([(1, 7, 2.0)], [(7, 5.0)]),
                         [(1, 2.0)])

    def test_no_lines_means_everything(self):
        self.assertEqual(inbound.done_quantities([(1, 7, 2.0), (2, 8, 1.5)], []),
                         [(1, 2.0), (2, 1.5)])
