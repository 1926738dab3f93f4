# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 3PL outbox and inbox: one row per message, written set-based.

Outbound (``direction = out``): created in the transaction that makes a
delivery ready / cancels it / confirms a receipt, with an idempotency key
(``OUT-<picking id>``...) that every resend carries, so the 3PL applies each
once. The recipient (name, phone, address: the only customer data that
leaves) is kept apart from ``payload`` in ``recipient``, encrypted with the
partner keys and readable by administrators only: warehouse roles see the
payload (lines, carrier, references) but never the address. Copying the
address into the outbox is logged like a shipping-label print in
``ecom.pii.access.log``.

Inbound (``direction = in``): the 3PL's ``message_id`` is the key; a message
received twice answers ``duplicate``; messages apply in the 3PL's
``sequence`` (see services/inbound.plan_sequence).
"""
import json
import logging
import random
from datetime import datetime, timedelta

import requests
from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import DEFAULT_SERVER_DATETIME_FORMAT as DTF

from odoo.addons.ecom_base.tools import bulk, bulk_fill

from ..services import errors, inbound, protocol
from .ecom_3pl_backend import _keys

_logger = logging.getLogger(__name__)

STATES = [("queued", "Queued"), ("sent", "Sent"), ("acked", "Acknowledged"),
          ("applied", "Applied"), ("error", "Error"), ("dead", "Dead letter")]
TYPES = [("item_sync", "Product sync"), ("outbound", "Delivery order"),
         ("cancel", "Cancellation"), ("asn", "Advance shipping notice"),
         ("ship_confirm", "Shipment confirmation"),
         ("receipt_confirm", "Receipt confirmation"),
         ("stock_snapshot", "Stock snapshot"), ("stock_change", "Stock change"),
         ("return_notice", "Return notice")]
RECIPIENT_FIELDS = "name,phone,street,street2,zip,city,state,country"
INSERT_COLUMNS = ("backend_id", "direction", "msg_type", "key", "sequence",
                  "payload", "payload_hash", "state", "attempts", "next_attempt",
                  "picking_id", "received_at", "create_uid", "write_uid",
                  "create_date", "write_date")


def _now():
    return datetime.utcnow().replace(microsecond=0)


class Ecom3plMessage(models.Model):
    _name = "ecom.3pl.message"
    _description = "3PL message (outbox and inbox)"
    _order = "id desc"

    backend_id = fields.Many2one(
        "ecom.3pl.backend", required=True, index=True, ondelete="cascade",
        readonly=True)
    direction = fields.Selection(
        [("out", "To the 3PL"), ("in", "From the 3PL")], required=True,
        readonly=True)
    msg_type = fields.Selection(TYPES, "Type", required=True, readonly=True)
    key = fields.Char(
        "Idempotency key", required=True, readonly=True,
        help="Outbound: the key every resend carries. Inbound: the 3PL's "
        "message id.")
    sequence = fields.Integer("3PL sequence", readonly=True)
    payload = fields.Text(
        readonly=True, help="JSON without the recipient's personal data.")
    recipient = fields.Text(
        readonly=True, groups="base.group_system",
        help="The recipient's name, phone and address, encrypted.")
    payload_hash = fields.Char(readonly=True)
    attempts = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(readonly=True, index=True)
    state = fields.Selection(STATES, required=True, default="queued", index=True,
                             readonly=True)
    error_code = fields.Char(readonly=True)
    last_error = fields.Char(readonly=True)
    picking_id = fields.Many2one("stock.picking", readonly=True, index=True,
                                 ondelete="set null")
    received_at = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    acked_at = fields.Datetime(readonly=True)
    applied_at = fields.Datetime(readonly=True)
    latency = fields.Float(
        "Confirmation latency (s)", readonly=True,
        help="Shipment confirmations: seconds from the push to this message "
        "being applied.")
    line_ids = fields.One2many("ecom.3pl.message.line", "message_id",
                               readonly=True)

    _sql_constraints = [
        ("key_uniq", "unique(backend_id, direction, key)",
         "A message key is unique per backend and direction."),
    ]

    @api.model_cr
    def init(self):
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS ecom_3pl_message_due_idx
                ON ecom_3pl_message (backend_id, next_attempt, id)
             WHERE direction = 'out' AND state = 'queued'
        """)

    # ------------------------------------------------------------------
    # set-based insertion
    # ------------------------------------------------------------------
    @api.model
    def _insert(self, rows, lines_by_key=None):
        """Insert message rows (dicts of INSERT_COLUMNS), skipping keys that
        exist; -> {key: id} of the rows inserted now.

        ``lines_by_key``: {key: [(product_id, sku, qty)]} for the new rows.
        """
        if not rows:
            return {}
        now = fields.Datetime.now()
        values = []
        for row in rows:
            row = dict(row, create_uid=self.env.uid, write_uid=self.env.uid,
                       create_date=now, write_date=now)
            values.append(tuple(row.get(col) for col in INSERT_COLUMNS))
        inserted = bulk.execute_values(self.env.cr, """
            INSERT INTO ecom_3pl_message (%s) VALUES %%s
            ON CONFLICT (backend_id, direction, key) DO NOTHING
            RETURNING key, id
        """ % ", ".join(INSERT_COLUMNS), values, fetch=True)
        ids = dict(inserted)
        # a snapshot brings 100,000 lines: COPY reads them several times
        # faster than an INSERT's literals
        null, text = bulk_fill.NULL, bulk_fill.copy_text
        line_rows = [
            (ids[key], pid or null, text(sku), float(qty))
            for key, lines in (lines_by_key or {}).items() if key in ids
            for pid, sku, qty in lines]
        bulk_fill.copy_rows(self.env.cr, "ecom_3pl_message_line",
                            ("message_id", "product_id", "sku", "qty"), line_rows)
        return ids

    # ------------------------------------------------------------------
    # outbox: building messages
    # ------------------------------------------------------------------
    @api.model
    def _backends_of(self, pickings):
        """{backend: pickings} for pickings of 3PL warehouses."""
        # sudo: which warehouses a 3PL runs is configuration, not business data
        backends = self.env["ecom.3pl.backend"].sudo().search([])
        by_wh = {b.warehouse_id.id: b for b in backends}
        result = {}
        for picking in pickings:
            backend = by_wh.get(picking.picking_type_id.warehouse_id.id)
            if backend:
                result.setdefault(backend, self.env["stock.picking"])
                result[backend] |= picking
        return result

    @api.model
    def _queue_pickings(self, pickings):
        """Outbound / ASN messages for ready pickings of 3PL warehouses."""
        self.env.cr.execute("""
            SELECT picking_id FROM ecom_3pl_message WHERE direction = 'out'
               AND msg_type IN ('outbound', 'asn') AND picking_id IN %s
        """, (tuple(pickings.ids),))
        told = {row[0] for row in self.env.cr.fetchall()}
        pickings = pickings.filtered(lambda p: p.id not in told)
        for backend, picks in self._backends_of(pickings).items():
            out = picks.filtered(lambda p: p.picking_type_code == "outgoing")
            asn = picks.filtered(lambda p: p.picking_type_code == "incoming")
            new = self._queue_outbound(backend, out) if out else {}
            if asn:
                new.update(self._queue_asn(backend, asn))
            if new:
                backend._enqueue_flush()

    @api.model
    def _lines_of(self, pickings):
        """{picking id: [(product_id, sku, qty)]} from the moves, one query."""
        self.env.cr.execute("""
            SELECT m.picking_id, m.product_id, p.default_code, sum(m.product_qty)
              FROM stock_move m JOIN product_product p ON p.id = m.product_id
             WHERE m.picking_id IN %s AND m.state != 'cancel'
             GROUP BY m.picking_id, m.product_id, p.default_code
             ORDER BY m.picking_id, m.product_id
        """, (tuple(pickings.ids),))
        result = {}
        for picking_id, product_id, sku, qty in self.env.cr.fetchall():
            result.setdefault(picking_id, []).append((product_id, sku, qty))
        return result

    @api.model
    def _planned_date(self, backend):
        now = _now()
        hour = now.hour + now.minute / 60.0
        day = now.date() if hour < backend.cutoff_hour else \
            now.date() + timedelta(days=1)
        return day.isoformat()

    @api.model
    def _queue_outbound(self, backend, pickings):
        """Outbound delivery orders, one per picking, key ``OUT-<id>``."""
        lines = self._lines_of(pickings)
        # sudo: the recipient's address is copied into the encrypted outbox
        # (logged below like a label print); the caller never gets it back
        spick = pickings.sudo().with_context(prefetch_fields=False)
        planned = self._planned_date(backend)
        rows, lines_by_key, recipients = [], {}, {}
        for picking in spick:
            key = "OUT-%d" % picking.id
            partner = picking.partner_id
            recipient = {
                "name": partner.name or "", "phone": partner.mobile or
                partner.phone or "", "street": partner.street or "",
                "street2": partner.street2 or "", "zip": partner.zip or "",
                "city": partner.city or "", "state": partner.state_id.name or "",
                "country": partner.country_id.code or ""}
            payload = {
                "order_code": picking.name, "origin": picking.origin or "",
                "warehouse_code": backend.code,
                "carrier": picking.carrier_id.name or "",
                "planned_ship_date": planned,
                "lines": [{"sku": sku, "qty": qty}
                          for _pid, sku, qty in lines.get(picking.id, [])]}
            rows.append(self._out_row(backend, "outbound", key, payload,
                                      dict(payload, recipient=recipient),
                                      picking.id))
            lines_by_key[key] = lines.get(picking.id, [])
            recipients[key] = (recipient, picking)
        ids = self._insert(rows, lines_by_key)
        if ids:
            self._store_recipients({ids[k]: recipients[k][0] for k in ids})
            self._log_recipient_access(backend, [recipients[k][1] for k in ids])
        return ids

    @api.model
    def _out_row(self, backend, msg_type, key, payload, full_payload, picking_id):
        return {
            "backend_id": backend.id, "direction": "out", "msg_type": msg_type,
            "key": key, "payload": protocol.canonical(payload),
            "payload_hash": protocol.payload_hash(full_payload), "state": "queued",
            "attempts": 0, "next_attempt": fields.Datetime.now(),
            "picking_id": picking_id or None}

    @api.model
    def _store_recipients(self, by_id):
        cipher = _keys()[0]
        rows = [(mid, cipher.encrypt(protocol.canonical(recipient), self._name,
                                     "recipient", mid))
                for mid, recipient in by_id.items()]
        bulk.execute_values(self.env.cr, """
            UPDATE ecom_3pl_message m SET recipient = v.recipient
              FROM (VALUES %s) AS v (id, recipient) WHERE m.id = v.id
        """, rows)

    @api.model
    def _log_recipient_access(self, backend, pickings):
        """One access-log row per delivery whose address goes to the 3PL,
        like a shipping-label print (kind ``label``)."""
        # sudo: the access log is append-only and written by the add-ons only
        log = self.env["ecom.pii.access.log"].sudo()
        vals = [{"kind": "label", "picking_id": p.id,
                 "partner_id": p.partner_id.id or False,
                 "field_names": RECIPIENT_FIELDS, "user_id": self.env.uid,
                 "note": ("3PL %s" % backend.code)[:64]} for p in pickings]
        try:
            bulk.create(log, vals)
            log._audit_seal_after_commit()
        except bulk.BulkUnsupported:
            for row in vals:
                log.create(row)

    @api.model
    def _queue_asn(self, backend, pickings):
        lines = self._lines_of(pickings)
        rows, lines_by_key = [], {}
        for picking in pickings.sudo():
            key = "ASN-%d" % picking.id
            payload = {"asn_code": picking.name, "warehouse_code": backend.code,
                       "origin": picking.origin or "",
                       "expected_date": picking.scheduled_date,
                       "lines": [{"sku": sku, "qty": qty}
                                 for _pid, sku, qty in lines.get(picking.id, [])]}
            rows.append(self._out_row(backend, "asn", key, payload, payload,
                                      picking.id))
            lines_by_key[key] = lines.get(picking.id, [])
        return self._insert(rows, lines_by_key)

    @api.model
    def _queue_cancel(self, pickings):
        """Cancellations of pickings the 3PL was told about (key CANCEL-<id>)."""
        if not pickings:
            return {}
        self.env.cr.execute("""
            SELECT picking_id, backend_id, msg_type FROM ecom_3pl_message
             WHERE direction = 'out' AND msg_type IN ('outbound', 'asn')
               AND picking_id IN %s
        """, (tuple(pickings.ids),))
        told = self.env.cr.fetchall()
        if not told:
            return {}
        names = dict(self.env["stock.picking"].sudo().browse(
            [row[0] for row in told]).mapped(lambda p: (p.id, p.name)))
        rows = []
        backends = self.env["ecom.3pl.backend"]
        for picking_id, backend_id, msg_type in told:
            backend = backends.sudo().browse(backend_id)
            backends |= backend
            field = "order_code" if msg_type == "outbound" else "asn_code"
            payload = {field: names[picking_id], "warehouse_code": backend.code}
            rows.append(self._out_row(backend, "cancel", "CANCEL-%d" % picking_id,
                                      payload, payload, picking_id))
        # a not yet sent push is not sent at all: its cancellation is enough
        ids = self._insert(rows)
        backends._enqueue_flush()
        return ids

    @api.model
    def _queue_item_sync(self, backend, products):
        rows = []
        for product in products.sudo().with_context(prefetch_fields=False):
            payload = {"sku": product.default_code, "name": product.name,
                       "barcode": product.barcode or "",
                       "uom": product.uom_id.name,
                       "weight": product.weight or 0.0}
            digest = protocol.payload_hash(payload)
            rows.append(self._out_row(
                backend, "item_sync", "ITEM-%d-%s" % (product.id, digest[:12]),
                payload, payload, False))
        ids = self._insert(rows)
        if ids:
            backend._enqueue_flush()
        return ids

    # ------------------------------------------------------------------
    # outbox: sending (inside the queue_job job, never the user's transaction)
    # ------------------------------------------------------------------
    @api.model
    def _lock_due(self, backend, limit):
        self.env.cr.execute("""
            SELECT id FROM ecom_3pl_message
             WHERE backend_id = %s AND direction = 'out' AND state = 'queued'
               AND next_attempt <= now() at time zone 'utc'
             ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED
        """, (backend.id, limit))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _next_due(self, backend, skip_locked=False):
        """Earliest retry time (naive UTC datetime) of the backend's queued
        outbound messages; None when none is queued.

        ``skip_locked``: leave out the messages a running send job holds (it
        reschedules them itself when it is done); the row found stays locked
        until the caller's transaction ends.
        """
        if skip_locked:
            try:
                with self.env.cr.savepoint():
                    self.env.cr.execute("""
                        SELECT next_attempt FROM ecom_3pl_message
                         WHERE backend_id = %s AND direction = 'out'
                           AND state = 'queued'
                         ORDER BY next_attempt LIMIT 1 FOR UPDATE SKIP LOCKED
                    """, (backend.id,), log_exceptions=False)
                    row = self.env.cr.fetchone()
            except OperationalError as exc:
                if exc.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
                # another run changed the messages since this transaction
                # began: due now, the next run sees what it did
                return datetime.utcnow()
        else:
            self.env.cr.execute("""
                SELECT min(next_attempt) FROM ecom_3pl_message
                 WHERE backend_id = %s AND direction = 'out' AND state = 'queued'
            """, (backend.id,))
            row = self.env.cr.fetchone()
        value = row[0] if row else None
        if isinstance(value, str):  # Odoo reads timestamps as strings
            value = fields.Datetime.from_string(value)
        return value

    @api.multi
    def _wire_documents(self):
        """The messages as sent: payload with the recipient decrypted back in."""
        cipher = _keys()[0]
        self.env.cr.execute(
            "SELECT id, payload, recipient FROM ecom_3pl_message WHERE id IN %s",
            (tuple(self.ids),))
        stored = {mid: (payload, recipient)
                  for mid, payload, recipient in self.env.cr.fetchall()}
        documents = []
        for message in self:
            payload, recipient = stored[message.id]
            body = json.loads(payload or "{}")
            if recipient:
                body["recipient"] = json.loads(cipher.decrypt(
                    recipient, self._name, "recipient", message.id))
            documents.append({
                "key": message.key, "type": message.msg_type,
                "qimen_method": protocol.QIMEN[message.msg_type],
                "payload_hash": message.payload_hash, "payload": body})
        return documents

    @api.multi
    def _send(self):
        """One signed request for these messages; outcome written per message.

        Read column by column (``prefetch_fields`` off): the ORM's first read
        of a message loads every column of the batch, and the send job is a
        worker's CPU beside the webhooks the 3PL sends back meanwhile."""
        self = self.with_context(prefetch_fields=False)
        backend = self.mapped("backend_id")
        backend.ensure_one()
        now = fields.Datetime.now()
        try:
            answer = backend._post({"warehouse_code": backend.code,
                                    "messages": self._wire_documents()})
            results = {row.get("key"): row for row in answer.get("results") or []}
        except (requests.RequestException, ValueError) as exc:
            self._retry_later(backend, "%s: %s" % (type(exc).__name__, exc))
            return False
        acked, rejected = self.browse(), []
        for message in self:
            row = results.get(message.key)
            if row is None:
                rejected.append((message, "no_answer",
                                 "the 3PL did not answer for this key"))
            elif row.get("status") in ("accepted", "duplicate"):
                acked |= message
            else:
                rejected.append((message, row.get("error_code") or "rejected",
                                 row.get("message") or ""))
        if acked:
            self.env.cr.execute("""
                UPDATE ecom_3pl_message SET state = 'acked', attempts = attempts + 1,
                       sent_at = %s, acked_at = %s, error_code = NULL,
                       last_error = NULL, write_date = %s
                 WHERE id IN %s
            """, (now, now, now, tuple(acked.ids)))
        for message, code, text in rejected:
            self.env.cr.execute("""
                UPDATE ecom_3pl_message SET state = 'error',
                       attempts = attempts + 1, sent_at = %s, error_code = %s,
                       last_error = %s, write_date = %s WHERE id = %s
            """, (now, code[:64], text[:512], now, message.id))
        self.invalidate_cache()
        return True

    @api.multi
    def _retry_later(self, backend, error):
        """Exponential backoff per message; dead letter after max_attempts."""
        now = _now()
        rows = []
        for message in self:
            attempts = message.attempts + 1
            if attempts >= backend.max_attempts:
                rows.append((message.id, attempts, "dead", None, error[:512]))
            else:
                delay = protocol.backoff_seconds(attempts, backend.backoff_base)
                delay *= random.uniform(1.0, 1.1)  # spread a burst of retries
                rows.append((message.id, attempts, "queued",
                             (now + timedelta(seconds=delay)).strftime(DTF),
                             error[:512]))
        bulk.execute_values(self.env.cr, """
            UPDATE ecom_3pl_message m SET attempts = v.attempts, state = v.state,
                   next_attempt = v.next_attempt::timestamp, last_error = v.error,
                   error_code = 'unreachable', write_date = now() at time zone 'utc'
              FROM (VALUES %s) AS v (id, attempts, state, next_attempt, error)
             WHERE m.id = v.id
        """, rows)
        self.invalidate_cache()
        _logger.warning("3PL %s unreachable (%d message(s) to retry): %s",
                        backend.code, len(rows), error)

    @api.multi
    def _requeue(self):
        if not self:
            return
        self.env.cr.execute("""
            UPDATE ecom_3pl_message SET state = 'queued', attempts = 0,
                   next_attempt = now() at time zone 'utc', error_code = NULL
             WHERE id IN %s
        """, (tuple(self.ids),))
        self.invalidate_cache()
        self.sudo().mapped("backend_id")._enqueue_flush()

    @api.multi
    def action_requeue(self):
        self.check_access_rights("write")
        self.filtered(lambda m: m.direction == "out" and m.state in (
            "dead", "error"))._requeue()
        return True

    # ------------------------------------------------------------------
    # inbox
    # ------------------------------------------------------------------
    @api.model
    def _receive(self, backend, messages, msg_type=None):
        """Store the new messages, apply what the sequence allows; one answer
        row per message, in order (see services/errors.result_row)."""
        validated = []
        for raw in messages:
            try:
                validated.append((raw, inbound.validate(raw, msg_type), None))
            except errors.ThreePLError as error:
                validated.append((raw, None, error))
        good = [v for _r, v, _e in validated if v]
        # serialise the appliers of one backend (a concurrent one retries)
        self.env.cr.execute(
            "SELECT id FROM ecom_3pl_backend WHERE id = %s FOR UPDATE",
            (backend.id,))
        self._resolve(backend, good)
        keys = [v["message_id"] for v in good]
        existing = {}
        if keys:
            self.env.cr.execute("""
                SELECT key, payload_hash, state, error_code FROM ecom_3pl_message
                 WHERE backend_id = %s AND direction = 'in' AND key IN %s
            """, (backend.id, tuple(keys)))
            existing = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        rows, lines_by_key, answers = [], {}, []
        now = fields.Datetime.now()
        for raw, msg, error in validated:
            if error is None:
                error = msg.get("error")
            if error is not None:
                answers.append((inbound.raw_id(raw), "rejected", error))
                continue
            digest = protocol.payload_hash(
                {"type": msg["type"], "sequence": msg["sequence"],
                 "payload": msg["payload"]})
            key = msg["message_id"]
            if key in existing:
                if existing[key][0] != digest:
                    answers.append((key, "rejected", errors.ThreePLError(
                        "payload_mismatch", "message_id", value=key)))
                else:
                    answers.append((key, "seen", None))
                continue
            existing[key] = (digest, "queued", None)
            rows.append({
                "backend_id": backend.id, "direction": "in",
                "msg_type": msg["type"], "key": key, "sequence": msg["sequence"],
                "payload": protocol.canonical(msg["payload"]),
                "payload_hash": digest, "state": "queued", "attempts": 0,
                "picking_id": msg.get("picking_id"), "received_at": now})
            lines_by_key[key] = msg["resolved_lines"]
            answers.append((key, "new", None))
        self._insert(rows, lines_by_key)
        self._apply_inbox(backend)
        return self._answers(backend, answers)

    @api.model
    def _answers(self, backend, answers):
        keys = [key for key, status, _e in answers if status in ("seen", "new")]
        states = {}
        if keys:
            self.env.cr.execute("""
                SELECT key, state, error_code, last_error FROM ecom_3pl_message
                 WHERE backend_id = %s AND direction = 'in' AND key IN %s
            """, (backend.id, tuple(keys)))
            states = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        result = []
        for key, status, error in answers:
            if status == "rejected":
                result.append(errors.result_row(key, "rejected", error))
                continue
            state, code, text = states[key]
            if status == "seen":
                if state == "applied":
                    result.append(errors.result_row(
                        key, "duplicate", errors.ThreePLError(
                            "already_applied", "message_id", value=key)))
                else:
                    result.append(errors.result_row(
                        key, "duplicate" if state != "queued" else "pending"))
            elif state == "applied":
                result.append(errors.result_row(key, "applied"))
            elif state == "queued":
                result.append(errors.result_row(key, "pending"))
            else:
                row = errors.result_row(key, "rejected")
                row.update(error_code=code, message=text)
                result.append(row)
        return result

    @api.model
    def _resolve(self, backend, messages):
        """Find products and pickings of validated messages (few queries);
        sets ``resolved_lines``, ``picking_id`` or ``error`` on each."""
        skus = {sku for msg in messages for sku, _q in msg["lines"]}
        products = {}
        if skus:
            self.env.cr.execute(
                "SELECT default_code, id FROM product_product "
                "WHERE default_code = ANY(%s) AND active", (list(skus),))
            products = dict(self.env.cr.fetchall())
        refs = {msg["ref"] for msg in messages if msg["ref"]}
        pickings = {}
        if refs:
            self.env.cr.execute("""
                SELECT p.name, p.id, t.code FROM stock_picking p
                  JOIN stock_picking_type t ON t.id = p.picking_type_id
                 WHERE p.name IN %s AND t.warehouse_id = %s
            """, (tuple(refs), backend.warehouse_id.id))
            pickings = {name: (pid, code) for name, pid, code in
                        self.env.cr.fetchall()}
        want_code = {"ship_confirm": "outgoing", "return_notice": "outgoing",
                     "receipt_confirm": "incoming"}
        for msg in messages:
            msg["resolved_lines"] = []
            for index, (sku, qty) in enumerate(msg["lines"]):
                product_id = products.get(sku)
                if not product_id and msg["type"] in ("ship_confirm",
                                                      "receipt_confirm"):
                    msg["error"] = errors.ThreePLError(
                        "unknown_sku", "payload.lines[%d].sku" % index, value=sku)
                    break
                msg["resolved_lines"].append((product_id or None, sku, qty))
            if msg["type"] in want_code:
                field = "payload.asn_code" if msg["type"] == "receipt_confirm" \
                    else "payload.order_code"
                found = pickings.get(msg["ref"])
                if not found or found[1] != want_code[msg["type"]]:
                    msg["error"] = errors.ThreePLError(
                        "unknown_order", field, value=msg["ref"])
                else:
                    msg["picking_id"] = found[0]

    @api.model
    def _apply_inbox(self, backend):
        """Apply the waiting inbound messages the sequence allows, in order;
        consecutive messages of one type apply together (set-based)."""
        cr = self.env.cr
        cr.execute("""
            SELECT sequence, id, extract(epoch FROM received_at), msg_type
              FROM ecom_3pl_message
             WHERE backend_id = %s AND direction = 'in' AND state = 'queued'
        """, (backend.id,))
        rows = cr.fetchall()
        if not rows:
            return
        # the types from this query: browsing the messages to read them read
        # every column of hundreds of rows (a tenth of a 500-message webhook)
        types = {row[1]: row[3] for row in rows}
        waiting = [row[:3] for row in rows]
        cr.execute("SELECT last_in_sequence FROM ecom_3pl_backend WHERE id = %s",
                   (backend.id,))
        last = cr.fetchone()[0] or 0
        now = (datetime.utcnow() - datetime(1970, 1, 1)).total_seconds()
        ids, last, skipped = inbound.plan_sequence(
            last, waiting, now, backend.gap_timeout)
        for first, until in skipped:
            _logger.warning("3PL %s: sequence %d-%d never arrived within %ss, "
                            "skipped", backend.code, first, until,
                            backend.gap_timeout)
        if not ids:
            return
        group = []
        for mid in ids:
            if group and types[group[-1]] != types[mid]:
                self.browse(group)._apply_group(backend)
                group = []
            group.append(mid)
        if group:
            self.browse(group)._apply_group(backend)
        cr.execute("UPDATE ecom_3pl_backend SET last_in_sequence = greatest("
                   "coalesce(last_in_sequence, 0), %s) WHERE id = %s",
                   (last, backend.id))
        backend.invalidate_cache(["last_in_sequence"])

    @api.multi
    def _apply_group(self, backend):
        """Apply messages of one type; mark them applied (or error)."""
        # one column of the group, not every column of it
        msg_type = self.with_context(prefetch_fields=False)[0].msg_type
        method = getattr(self, "_apply_%s" % msg_type)
        failed = {}
        try:
            with self.env.cr.savepoint():
                failed = method(backend) or {}
        except Exception as exc:  # pylint: disable=broad-except
            if isinstance(exc, OperationalError) and \
                    exc.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                # a concurrent transaction changed the same stock: not the
                # message's fault; the whole call is retried (the webhook's
                # loop, Odoo's RPC dispatcher) and nothing is marked failed
                raise
            if len(self) > 1:
                # one bad message must not stop the others: one by one
                return self._apply_one_by_one(backend)
            _logger.exception("3PL %s: message %s failed", backend.code,
                              self.key)
            failed = {self.id: ("apply_failed", str(exc)[:400])}
        now = fields.Datetime.now()
        done = [m.id for m in self if m.id not in failed]
        if done:
            self.env.cr.execute("""
                UPDATE ecom_3pl_message SET state = 'applied', applied_at = %s,
                       write_date = %s WHERE id IN %s
            """, (now, now, tuple(done)))
        for mid, (code, text) in failed.items():
            self.env.cr.execute("""
                UPDATE ecom_3pl_message SET state = 'error', error_code = %s,
                       last_error = %s, write_date = %s WHERE id = %s
            """, (code, text, now, mid))
        self.invalidate_cache()
        return failed

    @api.multi
    def _apply_one_by_one(self, backend):
        failed = {}
        for message in self:
            failed.update(message._apply_group(backend) or {})
        return failed

    def _lines_by_message(self):
        self.env.cr.execute("""
            SELECT message_id, product_id, sku, qty FROM ecom_3pl_message_line
             WHERE message_id IN %s ORDER BY id
        """, (tuple(self.ids),))
        result = {}
        for mid, pid, sku, qty in self.env.cr.fetchall():
            result.setdefault(mid, []).append((pid, sku, qty))
        return result

    @api.multi
    def _validate_pickings(self, carrier_info=None):
        """Set done quantities from the message lines (or all reserved) and
        validate the pickings together. -> {message id: (code, text)} failed.

        Read with ``prefetch_fields`` off: a webhook brings hundreds of
        transfers, and reading every column of their moves and move lines
        to look at two of them cost more than validating them."""
        self = self.with_context(prefetch_fields=False)
        failed = {}
        lines = self._lines_by_message()
        Carrier = self.env["delivery.carrier"].sudo()
        carriers = {}
        # the messages and their transfers in one query (read field by field
        # through the ORM, a fifth of this add-on's share of a webhook)
        self.recompute()
        self.env.cr.execute("""
            SELECT m.id, m.picking_id, m.payload, p.state, p.name, p.carrier_id
              FROM ecom_3pl_message m JOIN stock_picking p ON p.id = m.picking_id
             WHERE m.id IN %s
        """, (tuple(self.ids),))
        found = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        todo_ids, per_picking, states = [], {}, {}
        for message_id in self.ids:
            if message_id not in found:
                continue  # its transfer was deleted: nothing to validate
            picking_id, payload, state, name, carrier_id = found[message_id]
            if state == "done":
                continue  # validated already (by hand): nothing to do
            if state in ("cancel", "draft"):
                failed[message_id] = ("order_not_ready", errors.ThreePLError(
                    "order_not_ready", "payload", value=name,
                    state=state).message)
                continue
            if picking_id not in per_picking:
                todo_ids.append(picking_id)
            states[picking_id] = state
            per_picking[picking_id] = (payload, carrier_id,
                                       lines.get(message_id) or [])
        if not todo_ids:
            return failed
        todo = self.env["stock.picking"].sudo().browse(todo_ids).with_context(
            tracking_disable=True, mail_notrack=True)
        not_ready = todo.browse([pid for pid in todo_ids
                                 if states[pid] != "assigned"])
        if not_ready:
            not_ready.force_assign()
        # Done quantities: a move whose one reserved line covers what the 3PL
        # shipped gets qty_done = reserved on its line in ONE update for the
        # whole batch; other moves (partial, unreserved) go through the ORM.
        moves = self._moves_of(todo)
        fast_ids, fast_qty = [], []
        Move = self.env["stock.move"].with_context(todo.env.context)
        carrier_rows = []
        for picking_id in todo_ids:
            payload, carrier_id, msg_lines = per_picking[picking_id]
            rows = moves.get(picking_id, [])
            quantities = inbound.done_quantities(
                [(row[0], row[1], row[2]) for row in rows],
                [(pid, qty) for pid, _sku, qty in msg_lines])
            for row, (move_id, qty) in zip(rows, quantities):
                _m, _p, _demand, uom, count, line_id, line_qty, line_uom = row
                if count == 1 and line_qty == qty and line_uom == uom:
                    fast_ids.append(line_id)
                    fast_qty.append(qty)
                else:
                    Move.browse(move_id).quantity_done = qty
            if carrier_info:
                payload = json.loads(payload)
                vals = {"carrier_tracking_ref": payload.get("tracking_ref"),
                        "carrier_id": carrier_id or False}
                name = payload.get("carrier")
                if name:
                    if name not in carriers:
                        carriers[name] = Carrier.search([("name", "=", name)], limit=1)
                    if carriers[name]:
                        vals["carrier_id"] = carriers[name].id
                carrier_rows.append(vals)
        if fast_ids:
            bulk.write(self.env["stock.move.line"].with_context(
                todo.env.context).browse(fast_ids), "qty_done", fast_qty)
        if carrier_rows:
            bulk.update(todo, carrier_rows)
        todo._ecom_3pl_action_done()
        return failed

    @api.model
    def _moves_of(self, pickings):
        """{picking id: [(move id, product id, demand, unit, number of move
        lines, the line's id, reserved quantity and unit when it is one)]},
        moves not cancelled, in the transfer's order (stock.move's
        ``sequence, id``); one query."""
        self.env.cr.execute("""
            SELECT m.picking_id, m.id, m.product_id, m.product_uom_qty,
                   m.product_uom, count(l.id), min(l.id), min(l.product_uom_qty),
                   min(l.product_uom_id)
              FROM stock_move m LEFT JOIN stock_move_line l ON l.move_id = m.id
             WHERE m.picking_id IN %s AND m.state != 'cancel'
             GROUP BY m.id ORDER BY m.picking_id, m.sequence, m.id
        """, (tuple(pickings.ids),))
        result = {}
        for row in self.env.cr.fetchall():
            result.setdefault(row[0], []).append(row[1:])
        return result

    @api.multi
    def _apply_ship_confirm(self, backend):
        failed = self._validate_pickings(carrier_info=True)
        self._store_latency(backend)
        return failed

    @api.multi
    def _store_latency(self, backend):
        """Latency of shipment confirmations: from the push (the outbound
        message sent) to now, applied. Read by the messages' keys in two
        queries and written by id: one join of the inbox with the outbox let
        PostgreSQL scan the outbox once per confirmation when its statistics
        were older than a burst of pushes (6.3 s for 200 confirmations
        before autovacuum's analyze, 10,000 pushed just before)."""
        cr = self.env.cr
        cr.execute("SELECT id, picking_id FROM ecom_3pl_message WHERE id = ANY(%s) "
                   "AND picking_id IS NOT NULL", (self.ids,))
        pickings = dict(cr.fetchall())
        if not pickings:
            return
        cr.execute("""
            SELECT picking_id, extract(epoch FROM (now() at time zone 'utc')
                                       - coalesce(sent_at, create_date))
              FROM ecom_3pl_message
             WHERE picking_id = ANY(%s) AND backend_id = %s AND direction = 'out'
               AND msg_type = 'outbound'
        """, (list(set(pickings.values())), backend.id))
        pushed = dict(cr.fetchall())
        rows = [(mid, pushed[pid]) for mid, pid in pickings.items() if pid in pushed]
        if rows:
            bulk.execute_values(cr, """
                UPDATE ecom_3pl_message m SET latency = v.latency
                  FROM (VALUES %s) AS v (id, latency) WHERE m.id = v.id
            """, rows)

    @api.multi
    def _apply_receipt_confirm(self, backend):
        return self._validate_pickings()

    @api.multi
    def _apply_stock_snapshot(self, backend):
        """The newest snapshot becomes the 3PL's book (ecom.3pl.stock.line,
        a view of its lines); an older one is kept as a message but changes
        nothing (it is superseded)."""
        self.env.cr.execute(
            "SELECT max(sequence) FROM ecom_3pl_message WHERE id IN %s",
            (tuple(self.ids),))
        newest = self.env.cr.fetchone()[0]
        if newest < (backend.snapshot_sequence or 0):
            return {}
        self.env.cr.execute("""
            UPDATE ecom_3pl_backend SET snapshot_sequence = %s,
                   snapshot_at = now() at time zone 'utc' WHERE id = %s
        """, (newest, backend.id))
        backend.invalidate_cache(["snapshot_sequence", "snapshot_at"])
        return {}

    @api.multi
    def _apply_stock_change(self, backend):
        """Changes after the snapshot move the book (ecom.3pl.stock.line
        counts the applied ones with a later sequence); older ones are in
        the snapshot: applied, nothing more to do."""
        return {}

    @api.multi
    def _apply_return_notice(self, backend):
        """Recorded for the returns team; stock moves back with the return."""
        return {}
