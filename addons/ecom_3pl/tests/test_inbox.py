"""Inbox: idempotent, ordered by the 3PL's sequence, as the integration user."""
from unittest import mock

from psycopg2 import OperationalError

from odoo.exceptions import AccessError, ValidationError

from .common import ThreePLCase


class TestInbox(ThreePLCase):
    def call(self, method, messages, user=None):
        backend = self.env["ecom.3pl.backend"].sudo(user or self.integration)
        return getattr(backend, method)("T3PL", messages)

    def test_shipment_confirmation_validates_with_tracking(self):
        picking = self._delivery([(self.product, 3)])
        result = self.call("confirm_shipment", [self.ship_msg("S1", 1, picking)])
        self.assertEqual(result[0]["status"], "applied")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "SF123")
        self.assertEqual(self.product.with_context(
            location=self.stock.id).qty_available, 97)
        # the same message again: already applied, nothing moves
        again = self.call("confirm_shipment", [self.ship_msg("S1", 1, picking)])
        self.assertEqual((again[0]["status"], again[0]["error_code"]),
                         ("duplicate", "already_applied"))
        self.assertEqual(self.product.with_context(
            location=self.stock.id).qty_available, 97)

    def test_out_of_order_applied_in_sequence(self):
        p1 = self._delivery([(self.product, 1)])
        p2 = self._delivery([(self.product, 1)])
        # sequence 2 arrives first: it waits for 1
        first = self.call("confirm_shipment", [self.ship_msg("S2", 2, p2)])
        self.assertEqual(first[0]["status"], "pending")
        self.assertEqual(p2.state, "assigned")
        second = self.call("confirm_shipment", [self.ship_msg("S1", 1, p1)])
        self.assertEqual(second[0]["status"], "applied")
        self.assertEqual((p1.state, p2.state), ("done", "done"))
        self.assertEqual(self.backend.last_in_sequence, 2)

    def test_rejections(self):
        picking = self._delivery([(self.product, 1)])
        rows = self.call("confirm_shipment", [
            self.ship_msg("R1", 1, picking, lines=[{"sku": "NOPE", "qty": 1}]),
            {"message_id": "R2", "sequence": 2, "payload": {
                "order_code": "WH/OUT/NONE", "tracking_ref": "x"}},
            {"message_id": "R3"},
        ])
        self.assertEqual([r["error_code"] for r in rows],
                         ["unknown_sku", "unknown_order", "missing_field"])
        self.assertIn("payload.lines[0].sku", rows[0]["message"])
        self.assertFalse(self.messages(direction="in"))  # nothing half-written
        # same id, other payload
        self.call("confirm_shipment", [self.ship_msg("M1", 1, picking)])
        clash = self.call("confirm_shipment",
                          [self.ship_msg("M1", 1, picking, tracking="OTHER")])
        self.assertEqual(clash[0]["error_code"], "payload_mismatch")
        with self.assertRaises(ValidationError):
            self.call("confirm_shipment", "not a list")

    def test_only_integration_and_managers(self):
        with self.assertRaises(AccessError):
            self.call("confirm_shipment", [], user=self.operator)
        self.assertEqual(self.call("confirm_shipment", [], user=self.manager), [])

    def test_snapshot_reconcile_adjust(self):
        # the 3PL holds 100 tea and 47 cups (we have 50: 3 missing)
        rows = self.call("push_stock_snapshot", [{
            "message_id": "SNAP1", "sequence": 1, "payload": {"lines": [
                {"sku": "T3PL-TEA", "qty": 100}, {"sku": "T3PL-CUP", "qty": 47}]}}])
        self.assertEqual(rows[0]["status"], "applied")
        rec = self.env["ecom.3pl.reconciliation"].sudo(self.manager)._run(
            self.backend)
        line = rec.line_ids.filtered(lambda l: l.product_id == self.product2)
        self.assertEqual((line.drift, line.cause), (-3.0, "unexplained"))
        self.assertFalse(rec.line_ids.filtered(lambda l: l.product_id == self.product))
        self.assertEqual(rec.drift_count, 1)
        # one click, with a reason, as the warehouse manager
        line.sudo(self.manager).action_adjust("3PL count 2026-12-03")
        self.assertTrue(line.adjusted)
        self.assertEqual(self.product2.with_context(
            location=self.stock.id).qty_available, 47)
        audit = self.env["ecom.stock.audit.log"].search([
            ("product_id", "=", self.product2.id), ("operation", "=", "inventory")])
        self.assertTrue(audit)
        self.assertIn("3PL count", line.inventory_id.name)
        again = self.env["ecom.3pl.reconciliation"]._run(self.backend)
        self.assertEqual(again.drift_count, 0)

    def test_stock_change_after_snapshot_moves_book(self):
        self.call("push_stock_snapshot", [{
            "message_id": "SNAP1", "sequence": 1, "payload": {"lines": [
                {"sku": "T3PL-TEA", "qty": 100}, {"sku": "T3PL-CUP", "qty": 50}]}}])
        # an older change (sequence before the snapshot) arrives late: ignored
        self.backend.gap_timeout = 0
        self.call("report_stock_change", [
            {"message_id": "CH2", "sequence": 2, "payload": {
                "lines": [{"sku": "T3PL-TEA", "qty_delta": -2}], "reason": "damaged"}}])
        rec = self.env["ecom.3pl.reconciliation"]._run(self.backend)
        line = rec.line_ids.filtered(lambda l: l.product_id == self.product)
        self.assertEqual((line.drift, line.cause), (-2.0, "reported_change"))

    def test_pending_delivery_explains_shortfall(self):
        self._delivery([(self.product, 4)])   # pushed (queued), not confirmed
        self.call("push_stock_snapshot", [{
            "message_id": "SNAP1", "sequence": 1, "payload": {"lines": [
                {"sku": "T3PL-TEA", "qty": 96}, {"sku": "T3PL-CUP", "qty": 50}]}}])
        rec = self.env["ecom.3pl.reconciliation"]._run(self.backend)
        line = rec.line_ids.filtered(lambda l: l.product_id == self.product)
        self.assertEqual(line.cause, "awaiting_confirmation")
        self.assertEqual(rec.drift_count, 0)

    def test_concurrency_error_is_retried_not_marked_failed(self):
        picking = self._delivery([(self.product, 1)])
        Message = type(self.env["ecom.3pl.message"])

        def conflict(messages, backend):
            # what PostgreSQL answers when another worker changed the stock
            messages.env.cr.execute(
                "DO $$ BEGIN RAISE EXCEPTION 'concurrent update' "
                "USING ERRCODE = '40001'; END $$")

        with mock.patch.object(Message, "_apply_ship_confirm", conflict):
            with self.assertRaises(OperationalError) as caught:
                self.call("confirm_shipment", [self.ship_msg("S9", 1, picking)])
        # raised for the caller to redo the whole call, not kept as an error
        self.assertEqual(caught.exception.pgcode, "40001")
        self.assertFalse(self.messages(direction="in", state="error"))
        self.assertEqual(picking.state, "assigned")
