"""Outbox: a ready delivery is queued in the user's transaction, sent later."""
import json
from datetime import datetime, timedelta
from unittest import mock

from odoo import fields
from odoo.exceptions import AccessError

from .common import ThreePLCase


class TestOutbox(ThreePLCase):
    def test_ready_delivery_queued_once_with_job(self):
        # as the warehouse operator: confirm and reserve a delivery
        picking = self._delivery([(self.product, 2), (self.product2, 1)])
        self.assertEqual(picking.state, "assigned")
        message = self.messages(msg_type="outbound")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.key, "OUT-%d" % picking.id)
        self.assertEqual(message.state, "queued")
        self.assertEqual(sorted(message.line_ids.mapped("qty")), [1.0, 2.0])
        # the address is not in the readable payload, it is in the encrypted column
        self.assertNotIn("Canary", message.payload)
        self.assertNotIn("Canary", message.recipient)
        wire = message._wire_documents()[0]
        self.assertEqual(wire["payload"]["recipient"]["street"], "88 Canary Road")
        self.assertEqual(wire["payload"]["order_code"], picking.name)
        # one send job, written in this transaction (runner sees it at commit)
        jobs = self.flush_jobs()
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.state, "pending")
        self.assertEqual(jobs.channel, "root.ecom_3pl")
        # ready again (unreserve + reserve): no second message, no second job
        picking.do_unreserve()
        picking.action_assign()
        self.assertEqual(len(self.messages(msg_type="outbound")), 1)
        self.assertEqual(len(self.flush_jobs()), 1)

    def test_address_leaving_is_logged_like_a_label(self):
        picking = self._delivery([(self.product, 1)])
        log = self.env["ecom.pii.access.log"].search([("picking_id", "=", picking.id)])
        self.assertEqual(log.kind, "label")
        self.assertEqual(log.partner_id, self.customer)
        self.assertEqual(log.note, "3PL T3PL")
        self.assertIn("street", log.field_names)

    def test_rollback_leaves_no_message_and_no_job(self):
        jobs_before = self.env["queue.job"].search_count([])
        try:
            with self.env.cr.savepoint():
                self._delivery([(self.product, 1)])
                self.assertEqual(len(self.messages()), 1)
                raise RuntimeError("user transaction fails")
        except RuntimeError:
            pass
        self.env["ecom.3pl.message"].invalidate_cache()
        self.assertFalse(self.messages())
        self.assertEqual(self.env["queue.job"].search_count([]), jobs_before)

    def test_operator_never_reads_the_recipient(self):
        self._delivery([(self.product, 1)])
        message = self.messages().sudo(self.operator)
        rows = message.read()
        self.assertNotIn("recipient", rows[0])
        self.assertNotIn("Canary", json.dumps(rows, default=str))
        with self.assertRaises(AccessError):
            message.read(["recipient"])
        # the dashboard counts are readable
        backend = self.backend.sudo(self.operator)
        self.assertEqual(backend.backlog_count, 1)
        with self.assertRaises(AccessError):
            backend.read(["secret_enc"])

    def test_unreachable_backs_off_then_dead_letter(self):
        self._delivery([(self.product, 1)])
        message = self.messages()
        next_attempts = []
        for _attempt in range(3):
            message._send()
            message.invalidate_cache()
            next_attempts.append(message.next_attempt)
            if message.state == "queued":
                message.next_attempt = "2000-01-01 00:00:00"  # due again
        self.assertEqual(message.attempts, 3)
        self.assertEqual(message.state, "dead")
        self.assertEqual(message.error_code, "unreachable")
        self.assertEqual(self.backend.dead_count, 1)
        # requeue by the manager gives a new series
        self.backend.sudo(self.manager).action_requeue_dead()
        message.invalidate_cache()
        self.assertEqual((message.state, message.attempts), ("queued", 0))

    def test_backoff_grows(self):
        self._delivery([(self.product, 1)])
        message = self.messages()
        message._send()
        message.invalidate_cache()
        first = message.next_attempt
        message._send()
        message.invalidate_cache()
        self.assertGreater(message.next_attempt, first)
        self.assertEqual(message.attempts, 2)

    def test_cancel_after_push_queues_cancellation(self):
        picking = self._delivery([(self.product, 1)])
        picking.action_cancel()
        cancel = self.messages(msg_type="cancel")
        self.assertEqual(cancel.key, "CANCEL-%d" % picking.id)
        self.assertEqual(json.loads(cancel.payload)["order_code"], picking.name)

    def test_other_warehouse_not_queued(self):
        main = self.env.ref("stock.warehouse0")
        self.env["stock.quant"]._update_available_quantity(
            self.product, main.lot_stock_id, 5)
        picking = self.env["stock.picking"].create({
            "picking_type_id": main.out_type_id.id,
            "location_id": main.lot_stock_id.id,
            "location_dest_id": self.customers.id,
            "move_lines": [(0, 0, {
                "name": "x", "product_id": self.product.id, "product_uom_qty": 1,
                "product_uom": self.product.uom_id.id,
                "location_id": main.lot_stock_id.id,
                "location_dest_id": self.customers.id})]})
        picking.action_confirm()
        picking.action_assign()
        self.assertFalse(self.env["ecom.3pl.message"].search(
            [("picking_id", "=", picking.id)]))

    def test_secret_encrypted_at_rest(self):
        self.env.cr.execute("SELECT secret_enc FROM ecom_3pl_backend WHERE id = %s",
                            (self.backend.id,))
        stored = self.env.cr.fetchone()[0]
        self.assertTrue(stored.startswith("ecg1:"))
        self.assertNotIn("test-secret", stored)
        self.assertEqual(self.backend._get_secret(), "test-secret")
        self.assertFalse(self.backend.secret)  # write-only


class TestSendJobs(ThreePLCase):
    """Scheduling of the send job: a resend or a new delivery is never left
    to a job that will not look at the outbox again."""

    def test_new_delivery_not_left_to_a_job_waiting_for_a_late_retry(self):
        # a send job pending for a retry in 20 minutes (the 3PL was down)
        later = datetime.utcnow() + timedelta(minutes=20)
        self.backend._enqueue_flush(eta=later, committed=True)
        # queued by an earlier transaction (this test is one transaction)
        self.flush_jobs().identity_key = "ecom_3pl_flush:%d:tx1" % self.backend.id
        self._delivery([(self.product, 1)])
        jobs = self.flush_jobs()
        self.assertEqual(len(jobs), 2)
        self.assertEqual(len(jobs.filtered(lambda j: not j.eta)), 1)

    def test_reschedule_joins_a_pending_job_due_in_time_only(self):
        soon = datetime.utcnow() + timedelta(seconds=30)
        self.backend._enqueue_flush(eta=soon, committed=True)
        # due later than a pending one: that one will see the messages
        self.backend._enqueue_flush(eta=soon + timedelta(minutes=1),
                                    committed=True)
        self.assertEqual(len(self.flush_jobs()), 1)
        # due sooner: a new job
        self.backend._enqueue_flush(committed=True)
        self.assertEqual(len(self.flush_jobs()), 2)

    def test_enqueued_or_started_job_never_absorbs_a_reschedule(self):
        # a job marked enqueued may already be past its look at the outbox
        # (a second job runner re-marks running jobs enqueued)
        self.backend._enqueue_flush(committed=True)
        job = self.flush_jobs()
        for state in ("enqueued", "started"):
            job.state = state
            self.backend._enqueue_flush(committed=True)
            pending = self.flush_jobs(state="pending")
            self.assertEqual(len(pending), 1, state)
            pending.state = "done"

    def test_running_job_requeued_does_not_absorb_its_own_reschedule(self):
        self.backend._enqueue_flush(committed=True)
        job = self.flush_jobs()
        # put back to pending while it runs (another server's start)
        self.backend._enqueue_flush(committed=True, exclude=job.identity_key)
        self.assertEqual(len(self.flush_jobs()), 2)

    def test_job_reschedules_at_the_retry_time(self):
        self._delivery([(self.product, 1)])
        self.messages().next_attempt = "2000-01-01 00:00:00"  # due
        self.flush_jobs().write({"state": "done"})
        # the job commits each batch: not in a test
        with mock.patch.object(self.env.cr, "commit"):
            self.backend._job_flush()  # the 3PL is unreachable: retry later
        message = self.messages()
        self.assertEqual((message.state, message.attempts), ("queued", 1))
        job = self.flush_jobs(state="pending")
        self.assertEqual(len(job), 1)
        self.assertEqual(job.eta, message.next_attempt)

    def test_stale_started_job_requeued_by_the_sweep(self):
        self.backend._enqueue_flush(committed=True)
        job = self.flush_jobs()
        old = datetime.utcnow() - timedelta(hours=1)
        job.write({"state": "started", "date_started": fields.Datetime.to_string(old)})
        self.backend._enqueue_flush(committed=True)
        fresh = self.flush_jobs(state="pending")
        fresh.write({"state": "started",
                     "date_started": fields.Datetime.now()})
        self.env["ecom.3pl.backend"]._requeue_interrupted_jobs()
        job.invalidate_cache()
        # the hour-old one died with its worker; the running one is left alone
        self.assertEqual(job.state, "pending")
        self.assertEqual(fresh.state, "started")

    def test_recovery_queues_a_job_where_messages_wait(self):
        # the job row says done (another run marked it) but the push died
        self._delivery([(self.product, 1)])
        self.flush_jobs().write({"state": "done"})
        self.env["ecom.3pl.backend"]._recover()
        self.assertEqual(len(self.flush_jobs(state="pending")), 1)
        # a job already pending in time: no second one
        self.env["ecom.3pl.backend"]._recover()
        self.assertEqual(len(self.flush_jobs(state="pending")), 1)
