"""Journal lines of a batch and actual fees (no database)."""
import unittest

from ..services import posting


class TestPosting(unittest.TestCase):
    # a batch with every line type: 300 sales, 20 refunded, 15 commission,
    # 6 shipping, 12 ads, +3 subsidy, +1.5 adjustment, -0.5 other -> net 251
    LINES = [
        {"type": "sale", "amount": 300.0}, {"type": "refund", "amount": -20.0},
        {"type": "commission", "amount": -15.0},
        {"type": "shipping", "amount": -6.0}, {"type": "ads", "amount": -12.0},
        {"type": "subsidy", "amount": 3.0}, {"type": "adjustment", "amount": 1.5},
        {"type": "other", "amount": -0.5},
    ]

    def test_role_totals(self):
        totals = posting.role_totals(self.LINES)
        self.assertEqual(dict(totals), {"receivable": 280.0, "fee": -15.0,
                                        "shipping": -6.0, "suspense": -8.0,
                                        "clearing": -251.0})

    def test_move_lines_balance(self):
        rows = posting.move_lines(posting.role_totals(self.LINES))
        by_role = {role: (debit, credit) for role, debit, credit, _cur in rows}
        self.assertEqual(by_role["receivable"], (0.0, 280.0))   # sales cleared
        self.assertEqual(by_role["fee"], (15.0, 0.0))            # expense
        self.assertEqual(by_role["shipping"], (6.0, 0.0))
        self.assertEqual(by_role["suspense"], (8.0, 0.0))
        self.assertEqual(by_role["clearing"], (251.0, 0.0))      # the payout
        self.assertAlmostEqual(sum(r[1] for r in rows), sum(r[2] for r in rows))

    def test_move_lines_other_currency_rounding(self):
        # 1 unit = 0.333 company units: the clearing line takes the rounding
        rows = posting.move_lines(posting.role_totals(self.LINES),
                                  convert=lambda amount: amount / 3.0)
        debit = round(sum(r[1] for r in rows), 2)
        credit = round(sum(r[2] for r in rows), 2)
        self.assertEqual(debit, credit)
        clearing = [r for r in rows if r[0] == "clearing"][0]
        self.assertEqual(clearing[3], 251.0)   # batch currency kept

    def test_negative_net(self):
        # refunds above sales: the platform claws money back
        rows = posting.move_lines(posting.role_totals([
            {"type": "sale", "amount": 10.0}, {"type": "refund", "amount": -30.0}]))
        self.assertEqual(rows[-1], ("clearing", 0.0, 20.0, -20.0))

    def test_allocate(self):
        self.assertEqual(posting.allocate(10.0, {1: 1.0, 2: 1.0, 3: 1.0}),
                         {1: 3.34, 2: 3.33, 3: 3.33})
        self.assertEqual(posting.allocate(5.0, {1: 0.0, 2: 0.0}), {1: 2.5, 2: 2.5})
        self.assertEqual(posting.allocate(1.0, {}), {})

    def test_actual_fees(self):
        lines = [{"order_id": 7, "type": "commission", "amount": -6.0},
                 {"order_id": 7, "type": "sale", "amount": 100.0},
                 {"order_id": None, "type": "commission", "amount": -9.0}]
        fees = posting.actual_fees(lines, {7: {70: 50.0, 71: 25.0}, 8: {80: 10.0}})
        self.assertEqual(fees, {70: 4.0, 71: 2.0, 80: 0.0})
