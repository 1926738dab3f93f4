"""Inspection and disposition rules, no database."""
import unittest

from odoo.addons.ecom_rma.services import ledger


def line(line_id, received, condition=False, disposition=False):
    return {"id": line_id, "qty_received": received, "condition": condition,
            "disposition": disposition}


class TestInspection(unittest.TestCase):
    def test_problems(self):
        lines = [line(1, 2, "A"), line(2, 0), line(3, 1), line(4, 1, "B", "scrap")]
        # line 3 was received without a condition; line 2 received nothing
        self.assertEqual(ledger.inspection_problems(lines),
                         [(3, "condition", "missing")])

    def test_plan_uses_the_condition_when_no_disposition(self):
        lines = [line(1, 2, "A"), line(2, 1, "B"), line(3, 1, "defect"),
                 line(4, 3, "A", "outlet"), line(5, 0, "C")]
        self.assertEqual(ledger.disposition_plan(lines), {
            "restock": [(1, 2)], "outlet": [(2, 1), (4, 3)],
            "return_to_vendor": [(3, 1)]})

    def test_ledger_kind(self):
        self.assertEqual(ledger.ledger_kind(2, 0), "refunded_not_received")
        self.assertEqual(ledger.ledger_kind(0, 2), "received_not_refunded")
        self.assertIsNone(ledger.ledger_kind(2, 2))
