"""Three-way reconciliation causes, table-driven, without a database."""
import unittest

from ..services import reconcile


class TestReconcile(unittest.TestCase):
    def test_causes(self):
        # (name, components, expected drift, cause)
        table = [
            ("agree", dict(odoo=10, book=10), 0.0, "in_sync"),
            # 3PL shipped 2 before its snapshot; Odoo has not applied it yet
            ("confirmed not applied", dict(odoo=10, book=8, out_unapplied=2),
             0.0, "in_sync"),
            # Odoo applied a shipment the snapshot does not include yet
            ("applied after snapshot", dict(odoo=8, book=10, out_after=2),
             0.0, "in_sync"),
            ("receipt not applied", dict(odoo=10, book=15, in_unapplied=5),
             0.0, "in_sync"),
            # pushed 5, not confirmed; 3 short at the 3PL: probably shipped
            ("awaiting confirmation", dict(odoo=10, book=7, inflight_out=5),
             -3.0, "awaiting_confirmation"),
            ("shortfall beyond in-flight", dict(odoo=10, book=2, inflight_out=5),
             -8.0, "unexplained"),
            ("3PL reported damage", dict(odoo=10, book=9, changes=-1),
             -1.0, "reported_change"),
            ("not in snapshot", dict(odoo=4, book=None), -4.0, "missing_at_3pl"),
            ("surplus", dict(odoo=10, book=13), 3.0, "unexplained"),
        ]
        for name, row, drift, cause in table:
            with self.subTest(name):
                line = reconcile.reconcile_line(**row)
                self.assertEqual(line["drift"], drift)
                self.assertEqual(line["cause"], cause)

    def test_reconcile_many(self):
        rows = {pid: {"odoo": float(pid), "book": float(pid)} for pid in range(1000)}
        rows[7]["book"] = 0.0
        result = reconcile.reconcile(rows)
        drifting = [pid for pid, line in result.items() if line["cause"] != "in_sync"]
        self.assertEqual(drifting, [7])
        self.assertEqual(result[7]["drift"], -7.0)
        self.assertIn(result[7]["cause"], reconcile.ADJUSTABLE)
