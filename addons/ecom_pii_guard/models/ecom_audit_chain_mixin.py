"""Append-only, hash-chained audit rows (see services/audit_chain.py).

Rows are created only by the add-on's own code (as superuser, after checking
the caller); ``write``, ``copy`` and ``unlink`` are refused for everyone,
superuser included, and the hash chain shows any change made behind the ORM's
back (SQL): :meth:`verify_chain` reports the first broken link. Only the
privacy officer and administrators may verify.

Written unchained, sealed in order
----------------------------------
A chain needs one writer at a time: a row's hash covers its predecessor's.
The first version took ``LOCK TABLE ... EXCLUSIVE`` in ``create`` and held it
until the end of the business transaction, so every stock validation of every
worker waited for the previous one to commit. It was also wrong: Odoo runs
transactions in REPEATABLE READ, whose snapshot is taken at the first query,
long before the lock is granted, so a writer that waited did not see the row
committed while it waited, chained onto the same predecessor, and the chain
"broke" (a fork) with no one tampering.

Now:

1. ``create`` inserts the row with ``seal_seq``, ``prev_hash`` and
   ``row_hash`` empty: no lock, nothing shared, concurrent writers do not
   wait for each other.
2. Right after the writer's transaction commits (``cr.after("commit")``),
   :meth:`_audit_seal` runs in a short transaction of its own, in READ
   COMMITTED: it locks the chain's head row (``ecom_audit_chain_head``: last
   position and hash of each chain) with ``SELECT ... FOR UPDATE``, appends
   every committed unsealed row, by id, to the chain (position ``seal_seq``,
   previous hash, own hash) and moves the head. Sealers of all workers queue
   on that one row for a few milliseconds, outside any business transaction.
   READ COMMITTED gives each statement a fresh snapshot, so a sealer that
   waited sees what the previous one committed: the chain cannot fork.
3. :meth:`verify_chain` seals too, in the caller's REPEATABLE READ
   transaction: if another sealer moved the head after that snapshot was
   taken, PostgreSQL refuses the lock with a serialization failure and Odoo
   retries the call; it never chains onto a stale head. A writer that
   crashed between its commit and its seal leaves rows that the next seal
   picks up.
4. The chain order is ``seal_seq`` (commit order, roughly), not ``id``: a row
   whose transaction committed late simply joins the chain later.

What the chain detects: a sealed row changed (its hash), deleted, inserted
or moved (the next row's previous hash), a row's ``seal_seq`` cleared (it
leaves its place), the newest rows removed (the head no longer matches the
last row). What it cannot: a row changed or deleted in the milliseconds
between its commit and its seal; anyone able to run SQL can also recompute
every hash and the head. It makes silent edits visible, it is not a
signature.
"""
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.ecom_base.tools import bulk

from ..services import audit_chain, audit_sql
from ..services.audit_sql import CHAIN_COLUMNS, HEAD_TABLE  # noqa: F401

_logger = logging.getLogger(__name__)

VERIFIER_GROUPS = ("base.group_system", "ecom_base.group_privacy_officer")


class EcomAuditChainMixin(models.AbstractModel):
    _name = "ecom.audit.chain.mixin"
    _description = "Append-only hash-chained audit row"
    _order = "id desc"
    #: Fields covered by the hash, in addition to id and logged_at.
    _audit_fields = []

    logged_at = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="User", required=True, readonly=True, index=True,
        ondelete="restrict", default=lambda self: self.env.uid)
    seal_seq = fields.Integer(
        "Chain position", readonly=True, copy=False,
        help="Position in the hash chain; empty until the row is sealed, "
             "moments after its transaction commits.")
    prev_hash = fields.Char(readonly=True, copy=False)
    row_hash = fields.Char(readonly=True, copy=False, index=True)

    @api.model_cr
    def init(self):
        if self._abstract:
            return
        cr = self.env.cr
        table = self._table
        schema, last_row, head = audit_sql.init_queries(table)
        cr.execute(schema)
        cr.execute(last_row)
        last = cr.fetchone() or (0, audit_chain.GENESIS)
        cr.execute(head, (table,) + tuple(last))

    @api.model
    def _audit_payload(self, values):
        """Payload of one row from ``read(load='')``-style values."""
        names = ["id", "logged_at", "user_id"] + list(self._audit_fields)
        return {name: values.get(name) for name in names}

    @api.model
    def create(self, vals):
        vals = {k: v for k, v in vals.items() if k not in CHAIN_COLUMNS}
        record = super().create(vals)
        self._audit_seal_after_commit()
        return record

    @api.model
    def _audit_create_many(self, vals_list):
        """Rows of ``vals_list`` in that order (ascending ids, so they are
        sealed in that order), as one ``create`` per dict would write them.

        Why: a transfer of 500 lines logs 500 rows, and one ``create`` each
        was a sixth of a 3PL confirmation. One INSERT through the shared
        toolkit when no add-on but this one overrides ``create`` here (the
        chain columns are dropped from the values, as ``create`` does);
        otherwise ``create`` per row, so such an override still runs.
        """
        vals_list = [{k: v for k, v in vals.items() if k not in CHAIN_COLUMNS}
                     for vals in vals_list]
        if not vals_list:
            return self.browse()
        if not bulk.fast_path(self, ["create"], {"ecom_pii_guard"}):
            ids = [self.create(vals).id for vals in vals_list]
            return self.browse(ids)
        records = bulk.create(self, vals_list)
        bulk.recompute(self.env, [records])
        self._audit_seal_after_commit()
        return records

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Audit rows are append-only: they cannot be changed."))

    @api.multi
    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(_("Audit rows are append-only: they cannot be copied."))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Audit rows are append-only: they cannot be deleted."))

    # Sealing ------------------------------------------------------------

    @api.model
    def _audit_seal_after_commit(self):
        """Seal this table's new rows once the current transaction commits."""
        cr = self.env.cr
        pending = cr.__dict__.setdefault("_ecom_audit_seal_pending", set())
        if not pending:
            registry = self.pool

            def seal():
                names = sorted(pending)
                pending.clear()
                for name in names:
                    registry[name]._audit_seal_committed(registry)

            cr.after("commit", seal)
            cr.after("rollback", pending.clear)
        pending.add(self._name)

    @classmethod
    def _audit_seal_committed(cls, registry):
        """Seal committed rows in a transaction of its own (READ COMMITTED).

        Runs after the writer's commit: a failure here must not turn a
        committed request into an error, the rows wait for the next seal.
        """
        try:
            with api.Environment.manage(), registry.cursor() as cr:
                if not registry.in_test_mode():
                    # a fresh snapshot per statement: see the module docstring
                    cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                api.Environment(cr, SUPERUSER_ID, {})[cls._name]._audit_seal()
        except Exception:  # pylint: disable=broad-except
            _logger.exception("%s: sealing audit rows failed; they stay unsealed "
                              "until the next seal", cls._name)

    @api.model
    def _audit_seal(self, batch=500):
        """Append every unsealed row this transaction sees to the chain, by id.

        Holds the chain's head row locked until the transaction ends; see the
        module docstring for why this is safe in READ COMMITTED and refused
        (serialization failure, retried) on a stale REPEATABLE READ snapshot.
        Returns the number of rows sealed.
        """
        cr = self.env.cr
        table = self._table
        cr.execute(audit_sql.LOCK_HEAD, (table,))
        last = cr.fetchone()
        if last is None:
            raise UserError(_("The audit chain of %s has no head row: update the "
                              "module.") % self._description)
        head = last
        names = ["logged_at", "user_id"] + list(self._audit_fields)
        # sudo: the sealer reads every row it chains, whoever wrote it
        this = self.sudo().with_context(prefetch_fields=False)
        count = 0
        while True:
            cr.execute(audit_sql.unsealed_ids(table), (batch,))
            ids = [row[0] for row in cr.fetchall()]
            if not ids:
                break
            rows = this._audit_read(ids, names)
            sealed = audit_chain.seal(
                last[1], [(values["id"], self._audit_payload(values))
                          for values in rows], last[0])
            cr.execute(audit_sql.seal_update(table, len(sealed)),
                       [item for row in sealed for item in row])
            this.invalidate_cache(list(CHAIN_COLUMNS), ids)
            last = sealed[-1][1], sealed[-1][3]
            count += len(sealed)
        if last != head:
            cr.execute(audit_sql.MOVE_HEAD, tuple(last) + (table,))
        return count

    @api.model
    def _audit_read(self, ids, names):
        """``read(names, load='')`` of the rows ``ids``, in that order: one
        query through the shared toolkit when every field is a plain stored
        column (the chain reads each row once, to seal it or to verify it,
        and the record cache was most of a seal), else the ORM's ``read``.
        Called on ``sudo()`` by the sealer and the verifier only."""
        rows = bulk.read_stored(self, ids, names)
        if rows is None:
            rows = self.browse(ids).read(names, load="")
        return rows

    # Verification -------------------------------------------------------

    @api.model
    def _audit_check_verifier(self):
        user = self.env.user
        if user._is_superuser() or any(user.has_group(g) for g in VERIFIER_GROUPS):
            return
        raise AccessError(_(
            "Only the privacy officer and administrators may verify the audit "
            "trail (%s).") % self._description)

    @api.model
    def verify_chain(self, batch=2000):
        """Seal what this transaction sees, then check the whole chain.

        Privacy officer and administrators only. Returns a dict the UI and the
        API show as is: ``ok``, ``rows`` (sealed rows checked), ``pending``
        (rows of transactions that committed after this one began: sealed by
        their own writers), ``broken_id`` and ``reason`` (``hash``,
        ``previous_hash``, or ``head`` when the newest rows were removed;
        ``broken_id`` is then False).
        """
        self._audit_check_verifier()
        self._audit_seal()
        return self._audit_verify(batch)

    @api.model
    def _audit_verify(self, batch=2000):
        """Check the chain as this transaction sees it, in chain order."""
        names = ["logged_at", "user_id", "seal_seq", "prev_hash", "row_hash"] + list(
            self._audit_fields)
        # sudo: verification reads every row, not only the caller's (the
        # caller was checked by verify_chain)
        this = self.sudo().with_context(prefetch_fields=False)
        cr = self.env.cr

        def rows():
            last = 0
            while True:
                cr.execute(audit_sql.chain_ids(self._table), (last, batch))
                ids = [row[0] for row in cr.fetchall()]
                if not ids:
                    return
                chunk = this._audit_read(ids, names)
                for values in chunk:
                    yield (values["id"], self._audit_payload(values),
                           values["prev_hash"], values["row_hash"])
                last = chunk[-1]["seal_seq"]
                this.invalidate_cache(ids=ids)

        cr.execute(audit_sql.counts(self._table))
        sealed, pending = cr.fetchone()
        cr.execute(audit_sql.READ_HEAD, (self._table,))
        head = cr.fetchone()
        broken = audit_chain.verify(rows(), head[0] if head else None)
        if broken:
            return {"ok": False, "rows": sealed, "pending": pending,
                    "broken_id": broken[0] or False, "reason": broken[1]}
        return {"ok": True, "rows": sealed, "pending": pending, "broken_id": False,
                "reason": False}
