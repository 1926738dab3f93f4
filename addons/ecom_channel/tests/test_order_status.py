"""order_status's state and row, table-driven, no database."""
import unittest

from odoo.addons.ecom_channel.services.order_status import (
    Picking, empty_row, order_state, status_row)


def picking(state="assigned", outgoing=True, printed=False, started=False,
            delivered_at=False, carrier=False, tracking_ref=False, date_done=False):
    return Picking(state, outgoing, printed, started, delivered_at, carrier,
                   tracking_ref, date_done)


class TestOrderState(unittest.TestCase):
    def test_table(self):
        cases = [
            ("draft", [], "quotation"),
            ("sent", [picking()], "quotation"),
            ("cancel", [picking()], "cancelled"),
            ("sale", [], "confirmed"),
            ("sale", [picking()], "confirmed"),
            ("sale", [picking(printed=True)], "picking"),
            ("sale", [picking(started=True)], "picking"),
            # a done pick step (two-step delivery) means picking has started
            ("sale", [picking(state="done", outgoing=False), picking()], "picking"),
            ("sale", [picking(state="done")], "shipped"),
            ("done", [picking(state="done", delivered_at="2026-11-21 10:00:00")],
             "delivered"),
            # a cancelled delivery does not count
            ("sale", [picking(state="done"), picking(state="cancel")], "shipped"),
            ("sale", [picking(state="done"), picking()], "confirmed"),
        ]
        for sale_state, pickings, expected in cases:
            self.assertEqual(order_state(sale_state, pickings), expected,
                             (sale_state, pickings))


class TestStatusRow(unittest.TestCase):
    def test_unknown_ref(self):
        self.assertEqual(empty_row("X")["state"], "unknown")
        self.assertFalse(empty_row("X")["order_id"])

    def test_shipped_deliveries_win(self):
        pickings = [
            picking(state="done", carrier="SF", tracking_ref="SF1",
                    date_done="2026-11-21 09:00:00"),
            picking(state="done", carrier="EMS", tracking_ref="EMS2",
                    date_done="2026-11-22 09:00:00"),
            picking(state="assigned", carrier="YTO", tracking_ref="YTO3"),
            picking(state="cancel", carrier="ZTO", tracking_ref="ZTO4"),
        ]
        row = status_row("T-1", 5, "TM/1", "shipped", pickings, "Default")
        self.assertEqual((row["order_id"], row["order_name"], row["state"]),
                         (5, "TM/1", "shipped"))
        self.assertEqual(row["carrier"], "SF")
        self.assertEqual(row["tracking_ref"], "SF1,EMS2")
        self.assertEqual(row["shipped_at"], "2026-11-22 09:00:00")

    def test_open_delivery_then_order_carrier(self):
        row = status_row("T-2", 6, "TM/2", "confirmed",
                         [picking(tracking_ref="Y1")], "Default")
        self.assertEqual((row["carrier"], row["tracking_ref"], row["shipped_at"]),
                         ("Default", "Y1", False))
        row = status_row("T-3", 7, "TM/3", "confirmed", [], False)
        self.assertEqual((row["carrier"], row["tracking_ref"]), (False, False))
