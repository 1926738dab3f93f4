"""Settlement matching and validation (no database): every variance kind."""
import unittest

from ..services import matching as mt
from ..services import settlement_import as si


class TestMatching(unittest.TestCase):
    def test_every_variance(self):
        facts = {
            1: mt.OrderFacts(total=100.0, fee=5.0, returned=False),   # all fine
            2: mt.OrderFacts(total=80.0, fee=4.0, returned=False),    # paid 70
            3: mt.OrderFacts(total=50.0, fee=2.5, returned=False),    # fee 4.00
            4: mt.OrderFacts(total=30.0, fee=1.5, returned=False),  # refund only
            5: mt.OrderFacts(total=40.0, fee=2.0, returned=True),   # return only
        }
        lines = [
            {"order_id": 1, "order_ref": "A1", "type": "sale", "amount": 100.0},
            {"order_id": 1, "order_ref": "A1", "type": "commission", "amount": -5.0},
            {"order_id": 2, "order_ref": "A2", "type": "sale", "amount": 70.0},
            {"order_id": 3, "order_ref": "A3", "type": "sale", "amount": 50.0},
            {"order_id": 3, "order_ref": "A3", "type": "commission", "amount": -4.0},
            {"order_id": 4, "order_ref": "A4", "type": "refund", "amount": -30.0},
            {"order_id": 5, "order_ref": "A5", "type": "sale", "amount": 40.0},
            {"order_id": None, "order_ref": "ZZ", "type": "sale", "amount": 9.0},
            {"order_id": None, "order_ref": False, "type": "ads", "amount": -12.0},
        ]
        matches, unrefunded = mt.match(lines, facts)
        self.assertEqual([m.variance for m in matches], [
            False, False, "under_settled", False, "fee_above_contract",
            "refund_without_return", False, "unknown_order", False])
        self.assertEqual(matches[2].expected, 80.0)
        self.assertEqual(matches[2].difference, -10.0)
        self.assertEqual(matches[4].difference, -1.5)
        self.assertEqual(unrefunded, [5])
        self.assertEqual(mt.batch_state(matches, unrefunded), "discrepancy")

    def test_states_and_totals(self):
        facts = {1: mt.OrderFacts(100.0, 5.0, False)}
        ok = [{"order_id": 1, "order_ref": "A", "type": "sale", "amount": 100.0}]
        self.assertEqual(mt.batch_state(mt.match(ok, facts)[0], []), "matched")
        unknown = ok + [{"order_id": None, "order_ref": "X", "type": "sale",
                         "amount": 1.0}]
        self.assertEqual(mt.batch_state(mt.match(unknown, facts)[0], []), "partial")
        self.assertEqual(mt.totals(ok + [
            {"order_ref": False, "type": "commission", "amount": -5.0},
            {"order_ref": "A", "type": "refund", "amount": -10.0},
            {"order_ref": False, "type": "subsidy", "amount": 2.0}]),
            {"gross": 100.0, "fees": -5.0, "refunds": -10.0, "adjustments": 2.0,
             "net": 87.0})


class TestValidation(unittest.TestCase):
    BATCH = {"batch_ref": "B1", "period_start": "2026-01-01",
             "period_end": "2026-01-31", "currency": "CNY",
             "lines": [{"order_ref": "A", "type": "sale", "amount": 10}]}

    def assertCode(self, batch, code, field):
        with self.assertRaises(si.SettlementError) as ctx:
            si.validate_batch(batch, "CNY")
        self.assertEqual((ctx.exception.code, ctx.exception.field), (code, field))

    def test_valid(self):
        value = si.validate_batch(self.BATCH, "CNY")
        self.assertEqual(value["lines"][0]["amount"], 10.0)
        self.assertFalse(value["payout_date"])

    def test_errors(self):
        self.assertCode(dict(self.BATCH, batch_ref=""), "missing_field", "batch_ref")
        self.assertCode(dict(self.BATCH, period_end="31/01"), "invalid_date",
                        "period_end")
        self.assertCode(dict(self.BATCH, currency="USD"), "unknown_currency",
                        "currency")
        self.assertCode(dict(self.BATCH, lines=[{"type": "x", "amount": 1}]),
                        "unknown_type", "lines[0].type")
        self.assertCode(dict(self.BATCH, lines=[{"type": "sale", "amount": 1}]),
                        "missing_field", "lines[0].order_ref")
        self.assertCode(dict(self.BATCH, lines=[{"order_ref": "A", "type": "sale",
                                                 "amount": "1"}]),
                        "invalid_amount", "lines[0].amount")
        self.assertCode(dict(self.BATCH, lines=[{}] * (si.MAX_LINES + 1)),
                        "too_large", "lines")
