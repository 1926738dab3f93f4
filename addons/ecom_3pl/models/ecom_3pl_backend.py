# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One third-party warehouse (3PL) connection per Odoo warehouse.

The backend owns the conversation with the 3PL:

* outbox: ``ecom.3pl.message`` rows (direction ``out``) created set-based in
  the user's transaction; a queue_job job (:meth:`_job_flush`, channel
  ``root.ecom_3pl``) sends them after the commit in signed batches, with
  exponential backoff and a dead letter after ``max_attempts``;
* inbox: the webhook controller and the XML-RPC methods
  (:meth:`confirm_shipment`, :meth:`confirm_receipt`,
  :meth:`push_stock_snapshot`, :meth:`report_stock_change`) store each message
  once (idempotent by ``message_id``) and apply them in the 3PL's sequence;
* reconciliation (``ecom.3pl.reconciliation``).

The HMAC secret is stored encrypted with the partner-field keys of
``ecom_partner_encryption`` (its key ring is plain Python: the odoo.conf
options ``ecom_encryption_keys`` or the environment), so a database dump does
not give away the 3PL credentials.
"""
import json
import logging
import os
import time
from datetime import datetime, timedelta

import requests

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.queue_job.job import job

from ..services import errors, inbound, protocol

_logger = logging.getLogger(__name__)

CHANNEL = "root.ecom_3pl"
#: Identity keys of the send jobs: this prefix, then ``tx<transaction id>``.
FLUSH_KEY = "ecom_3pl_flush:%d:"
#: A send job runs its batches for 60 s plus one request (HTTP timeout): one
#: still 'started' after this long died with its worker.
STALE_JOB_SECONDS = 15 * 60
#: The process start: a job started before it was killed with its server.
PROCESS_STARTED = time.time()


def _keys():
    """(Cipher, BlindIndex) of ecom_partner_encryption's key ring."""
    from odoo.addons.ecom_partner_encryption.services import crypto, keyring
    try:
        return keyring.load(tools.config, os.environ)
    except crypto.KeyConfigError as exc:
        raise UserError(_(
            "3PL credentials are stored encrypted with the keys of "
            "ecom_encryption_keys, which are not usable: %s") % exc)


class Ecom3plBackend(models.Model):
    _name = "ecom.3pl.backend"
    _description = "Third-party warehouse (3PL) connection"
    _order = "name"

    name = fields.Char(required=True, translate=False)
    code = fields.Char(
        required=True, help="Short code the 3PL uses for this connection "
        "(webhook URL and XML-RPC calls).")
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="restrict",
        help="The warehouse the 3PL runs: its deliveries are pushed when ready, "
        "its receipts announced as ASNs.")
    location_id = fields.Many2one(
        related="warehouse_id.lot_stock_id", readonly=True, string="Stock location")
    protocol = fields.Selection(
        [("json_hmac", "JSON over HTTPS, HMAC-SHA256 signed")],
        required=True, default="json_hmac")
    base_url = fields.Char(
        "Base URL", required=True, help="The 3PL's API, e.g. https://3pl.example/"
        "; messages are POSTed to <base URL>/api/messages.")
    secret_enc = fields.Char(
        "Secret (encrypted)", readonly=True, copy=False,
        groups="base.group_system")
    secret = fields.Char(
        compute="_compute_secret", inverse="_inverse_secret",
        groups="base.group_system",
        help="HMAC secret shared with the 3PL. Write-only: stored encrypted and "
        "never shown again.")
    has_secret = fields.Boolean(compute="_compute_has_secret")
    cutoff_hour = fields.Float(
        "Order cut-off", default=16.0,
        help="Deliveries ready after this hour (warehouse time, UTC here) are "
        "planned to ship the next day.")
    active = fields.Boolean(default=True)
    max_attempts = fields.Integer(default=8, help="Then the message is dead.")
    backoff_base = fields.Integer(
        "First retry after (s)", default=10,
        help="Retry n waits base * 2^(n-1) seconds, at most one hour.")
    timeout = fields.Float("HTTP timeout (s)", default=10.0)
    batch_size = fields.Integer(default=200)
    gap_timeout = fields.Integer(
        "Wait for a missing sequence (s)", default=300,
        help="An inbound message waits this long for the messages the 3PL "
        "numbered before it; then the gap is skipped.")
    last_in_sequence = fields.Integer(readonly=True, copy=False)
    snapshot_sequence = fields.Integer(readonly=True, copy=False)
    snapshot_at = fields.Datetime(readonly=True, copy=False)

    backlog_count = fields.Integer(compute="_compute_dashboard")
    error_count = fields.Integer(compute="_compute_dashboard")
    dead_count = fields.Integer(compute="_compute_dashboard")
    inbox_waiting_count = fields.Integer(compute="_compute_dashboard")
    confirm_latency = fields.Float(
        "Confirmation latency (s)", compute="_compute_dashboard",
        help="Average time from the push to the shipment confirmation being "
        "applied, over the last 7 days.")
    drift_count = fields.Integer(
        "SKUs drifting", compute="_compute_dashboard",
        help="Products with an adjustable difference in the last reconciliation.")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The 3PL code must be unique."),
        ("warehouse_uniq", "unique(warehouse_id)",
         "A warehouse has one 3PL connection."),
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.multi
    def _compute_secret(self):
        for backend in self:
            backend.secret = False

    @api.multi
    def _inverse_secret(self):
        cipher = _keys()[0]
        for backend in self:
            if backend.secret:
                backend.secret_enc = cipher.encrypt(
                    backend.secret, self._name, "secret", backend.id)

    @api.multi
    def _compute_has_secret(self):
        # sudo: yes/no only, the ciphertext is not returned
        rows = {b.id: bool(b.secret_enc) for b in self.sudo()}
        for backend in self:
            backend.has_secret = rows.get(backend.id, False)

    @api.multi
    def _compute_dashboard(self):
        if not self.ids:
            return
        cr = self.env.cr
        cr.execute("""
            SELECT backend_id,
                   count(*) FILTER (WHERE direction = 'out'
                                    AND state IN ('queued', 'sent')),
                   count(*) FILTER (WHERE state = 'error'),
                   count(*) FILTER (WHERE state = 'dead'),
                   count(*) FILTER (WHERE direction = 'in' AND state = 'queued'),
                   avg(latency) FILTER (WHERE latency IS NOT NULL
                       AND applied_at > now() at time zone 'utc' - interval '7 days')
              FROM ecom_3pl_message WHERE backend_id IN %s GROUP BY backend_id
        """, (tuple(self.ids),))
        stats = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute("""
            SELECT DISTINCT ON (r.backend_id) r.backend_id, r.drift_count
              FROM ecom_3pl_reconciliation r WHERE r.backend_id IN %s
             ORDER BY r.backend_id, r.id DESC
        """, (tuple(self.ids),))
        drift = dict(cr.fetchall())
        for backend in self:
            row = stats.get(backend.id, (0, 0, 0, 0, None))
            backend.backlog_count, backend.error_count, backend.dead_count, \
                backend.inbox_waiting_count = row[:4]
            backend.confirm_latency = row[4] or 0.0
            backend.drift_count = drift.get(backend.id, 0)

    @api.constrains("max_attempts", "backoff_base", "batch_size", "timeout")
    def _check_numbers(self):
        for backend in self:
            if backend.max_attempts < 1 or backend.backoff_base < 1 or \
                    backend.batch_size < 1 or backend.timeout <= 0:
                raise ValidationError(_(
                    "Max attempts, first retry, batch size and timeout must be "
                    "positive (backend %s).") % backend.code)

    # ------------------------------------------------------------------
    # secrets and HTTP
    # ------------------------------------------------------------------
    @api.multi
    def _get_secret(self):
        """The clear secret, for signing (server-side only, never returned)."""
        self.ensure_one()
        # sudo: the ciphertext field is admin-only; the clear value only signs
        # requests and checks webhooks inside this process
        stored = self.sudo().secret_enc
        if not stored:
            return False
        return _keys()[0].decrypt(stored, self._name, "secret", self.id)

    @api.multi
    def _post(self, document):
        """POST a signed JSON document to the 3PL; -> parsed JSON answer."""
        self.ensure_one()
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        headers.update(protocol.sign(self._get_secret() or "", body))
        url = self.base_url.rstrip("/") + "/api/messages"
        response = requests.post(url, data=body, headers=headers,
                                 timeout=self.timeout)
        response.raise_for_status()
        return response.json()

    # ------------------------------------------------------------------
    # outbox: jobs
    # ------------------------------------------------------------------
    @api.multi
    def _enqueue_flush(self, eta=None, committed=False, exclude=None):
        """A send job per backend, unless one already pending will see the
        messages in time.

        The job row is written in the current transaction: the job runner
        sees it only when that transaction commits (a rollback leaves no job
        and no message), so nothing is sent inside the user's transaction.

        The de-duplication is done here rather than by queue_job's
        ``identity_key`` alone, which also matches ``enqueued`` jobs and any
        eta: a job already past its own look at the outbox (a second job
        runner on the database re-marks a running job ``enqueued``; a job is
        requeued while it runs) or one waiting for a late retry would absorb
        the request, and the message would wait for the sweep cron or an
        hour of backoff. So:

        * ``committed=False`` (the caller's transaction writes messages that
          no job can see before it commits): only a job queued by this same
          transaction counts, a job pending from before may run before the
          commit and miss them;
        * ``committed=True`` (the send job rescheduling itself, the sweep: the
          messages are committed): a job still ``pending`` (not dispatched)
          whose eta is not later than ``eta`` will see them. ``exclude`` is
          the key of the running job itself (it may have been put back to
          pending while it runs).

        The identity key is ``ecom_3pl_flush:<backend id>:tx<transaction id>``.
        """
        cr = self.env.cr
        cr.execute("SELECT txid_current()")
        txid = cr.fetchone()[0]
        when = fields.Datetime.to_string(eta) if eta else fields.Datetime.now()
        for backend in self:
            prefix = FLUSH_KEY % backend.id
            key = "%stx%d" % (prefix, txid)
            if committed:
                cr.execute("""
                    SELECT 1 FROM queue_job
                     WHERE state = 'pending' AND left(identity_key, %s) = %s
                       AND identity_key != %s AND (eta IS NULL OR eta <= %s)
                     LIMIT 1
                """, (len(prefix), prefix, exclude or "", when))
                if cr.fetchone():
                    continue
            # sudo: the job runs as superuser; it only sends this backend's
            # outbox and returns nothing to the user who triggered it.
            # identity_key (uncommitted): queue_job skips a second job of
            # this transaction; committed: checked above, stored for it
            queued = backend.sudo().with_delay(
                channel=CHANNEL, eta=eta, max_retries=0,
                identity_key=None if committed else key,
                description="3PL %s: send outbox" % backend.code,
            )._job_flush(key)
            if committed:
                cr.execute("UPDATE queue_job SET identity_key = %s WHERE uuid = %s",
                           (key, queued.uuid))
                self.env["queue.job"].invalidate_cache(["identity_key"])

    @job(default_channel=CHANNEL)
    @api.multi
    def _job_flush(self, token=None):
        """Send due outbound messages of this backend in batches.

        Locks the batch (SKIP LOCKED: two runs never send the same message at
        once), sends it in one signed request, records the outcome, and
        enqueues the next run: at once when more are due, at the earliest
        retry time otherwise. Messages another run is sending (locked) are
        left to that run, which reschedules them when it is done (no job
        after job while a slow 3PL holds them). ``token``: the identity key
        this job was queued with.
        """
        self.ensure_one()
        backend = self.sudo()
        if not backend.active:
            return "inactive"
        Message = self.env["ecom.3pl.message"].sudo()
        sent = 0
        deadline = time.time() + 60
        while time.time() < deadline:
            batch = Message._lock_due(backend, backend.batch_size)
            if not batch:
                break
            batch._send()
            sent += len(batch)
            # each batch is final once the 3PL answered: a later failure of
            # this job must not make it resend what the 3PL acknowledged
            self.env.cr.commit()  # pylint: disable=invalid-commit
        next_eta = Message._next_due(backend, skip_locked=True)
        if next_eta is not None:
            backend._enqueue_flush(
                eta=next_eta if next_eta > datetime.utcnow() else None,
                committed=True, exclude=token)
        return "%d message(s) processed" % sent

    @api.model
    def _sweep(self):
        """Cron: restart what a crash left behind (:meth:`_recover`); waiting
        inbound messages whose gap timed out apply."""
        requeued = self._recover()
        for backend in self.search([]):
            if backend.inbox_waiting_count:
                backend._apply_inbox()
        return requeued

    @api.model
    def _recover(self):
        """Server start and cron: send jobs of the 3PL channel still
        'started' or 'enqueued' from before this server process started, or
        for longer than any send job runs, died with their worker: they are
        put back to pending (queue_job's runner counts them as running for
        ever, and two of them would block the channel). Then every backend
        with queued outbox messages and no send job pending in time gets one:
        a job row is not proof that a job runs (two job runners on one
        database may both run a job; the one that finds nothing to send marks
        it done while the other still sends, and is killed)."""
        requeued = self._requeue_interrupted_jobs()
        Message = self.env["ecom.3pl.message"]
        for backend in self.search([]):
            next_eta = Message._next_due(backend)
            if next_eta is not None:
                backend._enqueue_flush(
                    eta=next_eta if next_eta > datetime.utcnow() else None,
                    committed=True)
        return requeued

    @api.model
    def _requeue_interrupted_jobs(self):
        """Send jobs 'started'/'enqueued' before this server process started
        (they died with the previous process) or longer ago than a send job
        can run (their worker was killed: time or memory limit). A job of
        another live server requeued by mistake only runs once more: the
        messages it sends are locked, the resend carries the same keys."""
        started = fields.Datetime.to_string(
            fields.datetime.utcfromtimestamp(PROCESS_STARTED))
        stale = fields.Datetime.to_string(
            datetime.utcnow() - timedelta(seconds=STALE_JOB_SECONDS))
        self.env.cr.execute("""
            UPDATE queue_job SET state = 'pending', date_enqueued = NULL,
                   date_started = NULL
             WHERE channel = %s AND state IN ('started', 'enqueued')
               AND coalesce(date_started, date_enqueued)
                   < greatest(%s::timestamp, %s::timestamp)
        """, (CHANNEL, started, stale))
        if self.env.cr.rowcount:
            _logger.info("ecom_3pl: %d interrupted send job(s) requeued",
                         self.env.cr.rowcount)
        return self.env.cr.rowcount

    @api.model
    def _demo_starting_stock(self, backend_id, quantities):
        """Demo data: an inventory adjustment at the backend's warehouse."""
        backend = self.browse(backend_id)
        location = backend.warehouse_id.lot_stock_id
        products = self.env["product.product"].search(
            [("default_code", "in", list(quantities))])
        inventory = self.env["stock.inventory"].create({
            "name": "%s: starting stock" % backend.name, "filter": "partial",
            "location_id": location.id})
        inventory.action_start()
        inventory.write({"line_ids": [(0, 0, {
            "product_id": product.id, "location_id": location.id,
            "product_uom_id": product.uom_id.id,
            "product_qty": quantities[product.default_code]})
            for product in products]})
        inventory.action_done()

    @api.multi
    def action_requeue_dead(self):
        """Give dead and failed outbound messages a new series of attempts."""
        self.check_access_rights("write")
        messages = self.env["ecom.3pl.message"].search([
            ("backend_id", "in", self.ids), ("direction", "=", "out"),
            ("state", "in", ("dead", "error"))])
        messages._requeue()
        return True

    @api.multi
    def action_send_now(self):
        self.check_access_rights("read")
        self._enqueue_flush(committed=True)
        return True

    @api.multi
    def action_sync_products(self):
        """Queue a product master sync (item_sync) of every stockable SKU."""
        self.check_access_rights("write")
        for backend in self:
            products = self.env["product.product"].search([
                ("type", "=", "product"), ("default_code", "!=", False)])
            self.env["ecom.3pl.message"]._queue_item_sync(backend, products)
        return True

    # ------------------------------------------------------------------
    # inbound API (XML-RPC for the integration role; the webhook calls it too)
    # ------------------------------------------------------------------
    @api.model
    def _check_inbound_access(self):
        user = self.env.user
        if not (user.has_group("ecom_base.group_integration")
                or user.has_group("stock.group_stock_manager")
                or self.env.uid == SUPERUSER_ID):
            raise AccessError(_(
                "Only integration users and warehouse managers may report 3PL "
                "messages."))

    @api.model
    def _inbound(self, backend_code, messages, msg_type):
        self._check_inbound_access()
        # sudo: the caller passed _check_inbound_access; the call stores and
        # applies this backend's messages and answers ids, statuses and error
        # codes only (integration users have no ACL on stock or partners)
        backend = self.sudo().search(
            [("code", "=", backend_code if isinstance(backend_code, str) else "")],
            limit=1)
        if not backend:
            raise ValidationError(errors.ThreePLError(
                "unknown_backend", "backend_code", value=backend_code).message)
        try:
            inbound.check_batch(messages)
        except errors.ThreePLError as error:
            raise ValidationError(error.message)
        return backend._receive(messages, msg_type)

    @api.model
    def confirm_shipment(self, backend_code, messages):
        """Shipment confirmations (Qimen deliveryorder.confirm); per message:
        ``{message_id, status: applied|duplicate|pending|rejected, error_code,
        message}``."""
        return self._inbound(backend_code, messages, "ship_confirm")

    @api.model
    def confirm_receipt(self, backend_code, messages):
        """Receipt confirmations of ASNs (entryorder.confirm)."""
        return self._inbound(backend_code, messages, "receipt_confirm")

    @api.model
    def push_stock_snapshot(self, backend_code, messages):
        """Full stock snapshots (inventory.report)."""
        return self._inbound(backend_code, messages, "stock_snapshot")

    @api.model
    def report_stock_change(self, backend_code, messages):
        """Stock changes at the 3PL (stockchange.report)."""
        return self._inbound(backend_code, messages, "stock_change")

    @api.multi
    def _receive(self, messages, msg_type=None):
        self.ensure_one()
        return self.env["ecom.3pl.message"]._receive(self, messages, msg_type)

    @api.multi
    def _apply_inbox(self):
        for backend in self:
            self.env["ecom.3pl.message"]._apply_inbox(backend)

    # ------------------------------------------------------------------
    # reconciliation
    # ------------------------------------------------------------------
    @api.multi
    def action_reconcile(self):
        self.check_access_rights("read")
        recs = self.env["ecom.3pl.reconciliation"]
        for backend in self:
            recs |= recs._run(backend)
        action = self.env.ref("ecom_3pl.ecom_3pl_reconciliation_action").read()[0]
        if len(recs) == 1:
            action.update(res_id=recs.id, view_mode="form", views=[(False, "form")])
        return action

    @api.multi
    def reconcile(self):
        """XML-RPC: run a reconciliation; -> its summary (ids, counts, lines)."""
        self.check_access_rights("read")
        recs = self.env["ecom.3pl.reconciliation"]
        return [recs._run(backend)._summary() for backend in self]

    def _register_hook(self):
        """At server start: put back to pending the send jobs a killed server
        left 'started' and queue a send job where messages wait
        (:meth:`_recover`, in the loading transaction: the job runner,
        started a few seconds later, finds them pending and runs them)."""
        result = super()._register_hook()
        if tools.config.get("stop_after_init") or self.pool.in_test_mode():
            return result
        try:
            with self.env.cr.savepoint():
                self._recover()
        except Exception:  # pylint: disable=broad-except
            _logger.exception("ecom_3pl: start-up requeue failed; the cron "
                              "will do it")
        return result
