"""Append-only, hash-chained audit rows (see services/audit_chain.py).

Rows are created only by the add-on's own code (as superuser, after checking
the caller); ``write`` and ``unlink`` are refused for everyone, superuser
included, and the hash chain shows any change made behind the ORM's back
(SQL): :meth:`action_verify` reports the first broken link.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import audit_chain


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
    prev_hash = fields.Char(readonly=True, copy=False)
    row_hash = fields.Char(readonly=True, copy=False, index=True)

    @api.model
    def _audit_payload(self, values):
        """Payload of one row from ``read(load='')``-style values."""
        names = ["id", "logged_at", "user_id"] + list(self._audit_fields)
        return {name: values.get(name) for name in names}

    @api.model
    def create(self, vals):
        # One writer at a time per chain, on every worker: the lock is held until
        # the transaction ends, so the previous hash cannot change under us.
        self.env.cr.execute("LOCK TABLE %s IN EXCLUSIVE MODE" % self._table)
        self.env.cr.execute(
            "SELECT row_hash FROM %s ORDER BY id DESC LIMIT 1" % self._table)
        row = self.env.cr.fetchone()
        previous = row[0] if row and row[0] else audit_chain.GENESIS
        record = super().create(dict(vals, prev_hash=previous))
        values = record.read(["logged_at", "user_id"] + list(self._audit_fields),
                             load="")[0]
        digest = audit_chain.chain_hash(previous, self._audit_payload(values))
        # write() is refused on purpose; the hash is set once, right here.
        self.env.cr.execute(
            "UPDATE %s SET row_hash = %%s WHERE id = %%s" % self._table,
            (digest, record.id))
        record.invalidate_cache(["row_hash"], record.ids)
        return record

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Audit rows are append-only: they cannot be changed."))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Audit rows are append-only: they cannot be deleted."))

    @api.model
    def verify_chain(self, batch=2000):
        """Check the whole chain; return a dict the UI and the API show as is."""
        names = ["logged_at", "user_id", "prev_hash", "row_hash"] + list(
            self._audit_fields)
        this = self.sudo()  # verification reads every row, not only the caller's

        def rows():
            last = 0
            while True:
                chunk = this.search(
                    [("id", ">", last)], order="id", limit=batch).read(names, load="")
                if not chunk:
                    return
                for values in chunk:
                    yield (values["id"], self._audit_payload(values),
                           values["prev_hash"], values["row_hash"])
                last = chunk[-1]["id"]

        count = this.search_count([])
        broken = audit_chain.verify(rows())
        if broken:
            return {"ok": False, "rows": count, "broken_id": broken[0],
                    "reason": broken[1]}
        return {"ok": True, "rows": count, "broken_id": False, "reason": False}
