"""One webhook confirming transfers in every state: ready, not reserved,
validated by hand, cancelled, and one delivery confirmed twice."""
from .common import ThreePLCase


class TestShipConfirmStates(ThreePLCase):
    def test_mixed_batch(self):
        ready = self._delivery([(self.product, 2)])
        unreserved = self._delivery([(self.product2, 3)], ready=False)
        by_hand = self._delivery([(self.product, 1)])
        by_hand.move_line_ids.qty_done = 1
        by_hand.action_done()
        cancelled = self._delivery([(self.product, 4)])
        cancelled.action_cancel()
        self.assertEqual(unreserved.state, "confirmed")
        rows = self.env["ecom.3pl.backend"].sudo(
            self.integration).confirm_shipment("T3PL", [
                self.ship_msg("M1", 1, ready, tracking="T-READY"),
                self.ship_msg("M2", 2, unreserved, tracking="T-UNRES"),
                self.ship_msg("M3", 3, by_hand, tracking="T-HAND"),
                self.ship_msg("M4", 4, cancelled, tracking="T-CANC"),
                # the 3PL confirms the first one again under another id
                self.ship_msg("M5", 5, ready, tracking="T-READY")])
        self.assertEqual([(r["status"], r["error_code"]) for r in rows], [
            ("applied", False), ("applied", False), ("applied", False),
            ("rejected", "order_not_ready"), ("applied", False)])
        self.assertIn(cancelled.name, rows[3]["message"])
        self.assertEqual((ready.state, unreserved.state, by_hand.state,
                          cancelled.state), ("done", "done", "done", "cancel"))
        self.assertEqual((ready.carrier_tracking_ref,
                          unreserved.carrier_tracking_ref), ("T-READY", "T-UNRES"))
        # done by hand: left as it was
        self.assertFalse(by_hand.carrier_tracking_ref)
        # 100 tea - 2 - 1 (by hand), 50 cups - 3: each shipped once
        self.assertEqual(self.product.with_context(
            location=self.stock.id).qty_available, 97)
        self.assertEqual(self.product2.with_context(
            location=self.stock.id).qty_available, 47)
        self.assertEqual(self.messages(direction="in", state="error").mapped("key"),
                         ["M4"])
        # latency (push -> confirmation) stored on each confirmation of a
        # pushed delivery (its value here is the instant between the push
        # and the test transaction's start)
        self.env.cr.execute("""
            SELECT key, latency IS NOT NULL FROM ecom_3pl_message
             WHERE backend_id = %s AND direction = 'in' ORDER BY key
        """, (self.backend.id,))
        self.assertEqual(self.env.cr.fetchall(), [
            ("M1", True), ("M2", True), ("M3", True), ("M4", True),
            ("M5", True)])
