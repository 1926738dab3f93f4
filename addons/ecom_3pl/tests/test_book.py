"""The 3PL's book (ecom.3pl.stock.line): the last applied snapshot plus the
stock changes reported after it, read from the messages' own lines."""
from .common import ThreePLCase


class TestBook(ThreePLCase):
    def call(self, method, messages):
        return getattr(self.env["ecom.3pl.backend"].sudo(self.integration),
                       method)("T3PL", messages)

    def snapshot(self, mid, seq, lines):
        return self.call("push_stock_snapshot", [{
            "message_id": mid, "sequence": seq, "payload": {"lines": [
                {"sku": sku, "qty": qty} for sku, qty in lines]}}])[0]

    def change(self, mid, seq, lines):
        return self.call("report_stock_change", [{
            "message_id": mid, "sequence": seq, "payload": {"lines": [
                {"sku": sku, "qty_delta": qty} for sku, qty in lines],
                "reason": "count"}}])[0]

    def book(self):
        """{sku: (product, qty, changes)} as the warehouse operator reads it."""
        rows = self.env["ecom.3pl.stock.line"].sudo(self.operator).search_read(
            [("backend_id", "=", self.backend.id)],
            ["sku", "product_id", "qty", "changes"])
        return {row["sku"]: (row["product_id"] and row["product_id"][0],
                             row["qty"], row["changes"]) for row in rows}

    def test_snapshot_then_changes(self):
        tea, cup = self.product.id, self.product2.id
        # the 3PL lists cup twice (50 + 2) and a SKU Odoo does not know
        self.assertEqual(self.snapshot("SN1", 1, [
            ("T3PL-TEA", 100), ("T3PL-CUP", 50), ("T3PL-CUP", 2),
            ("T3PL-NEW", 5)])["status"], "applied")
        self.assertEqual(self.book(), {
            "T3PL-TEA": (tea, 100, 0), "T3PL-CUP": (cup, 52, 0),
            "T3PL-NEW": (False, 5, 0)})
        # changes after it: tea -3, and a SKU the snapshot did not list
        self.change("CH2", 2, [("T3PL-TEA", -3)])
        self.change("CH3", 3, [("T3PL-ODD", 4), ("T3PL-TEA", 1)])
        self.assertEqual(self.book(), {
            "T3PL-TEA": (tea, 98, -2), "T3PL-CUP": (cup, 52, 0),
            "T3PL-NEW": (False, 5, 0), "T3PL-ODD": (False, 4, 4)})

    def test_newer_snapshot_replaces_older_and_its_changes(self):
        tea = self.product.id
        self.snapshot("SN1", 1, [("T3PL-TEA", 100), ("T3PL-CUP", 50)])
        self.change("CH2", 2, [("T3PL-TEA", -3)])
        # sequence 4 comes before 3: it waits (pending), the book stays
        self.assertEqual(self.snapshot("SN4", 4, [("T3PL-TEA", 90)])["status"],
                         "pending")
        self.assertEqual(self.book()["T3PL-TEA"], (tea, 97, -3))
        # 3 arrives: 3 then 4 apply; the change at 3 is in snapshot 4
        self.assertEqual(self.change("CH3", 3, [("T3PL-TEA", -1)])["status"],
                         "applied")
        self.assertEqual(self.book(), {"T3PL-TEA": (tea, 90, 0)})
        self.assertEqual(self.backend.snapshot_sequence, 4)
        self.change("CH5", 5, [("T3PL-TEA", -2)])
        self.assertEqual(self.book(), {"T3PL-TEA": (tea, 88, -2)})

    def test_late_older_snapshot_changes_nothing(self):
        tea = self.product.id
        self.backend.gap_timeout = 0
        self.snapshot("SN5", 5, [("T3PL-TEA", 90)])
        self.change("CH6", 6, [("T3PL-TEA", -2)])
        # snapshot 3 arrives after its gap was skipped: superseded
        self.assertEqual(self.snapshot("SN3", 3, [("T3PL-TEA", 10)])["status"],
                         "applied")
        self.assertEqual(self.backend.snapshot_sequence, 5)
        self.assertEqual(self.book(), {"T3PL-TEA": (tea, 88, -2)})
        # a late change older than the snapshot is in it already
        self.change("CH4", 4, [("T3PL-TEA", -7)])
        self.assertEqual(self.book(), {"T3PL-TEA": (tea, 88, -2)})
