"""Daily quota counters (reveals, label prints) that hold under concurrency.

One row per (user, kind, UTC day), incremented by one ``INSERT ... ON
CONFLICT DO UPDATE`` before the reveal or the print is logged. Why a row and
not a count of the log under a lock: Odoo runs every request in REPEATABLE
READ, whose snapshot is taken at the request's first query. Two parallel
reveals both take that snapshot, then queue on any lock (advisory or not);
the second, once let through, still counts with its old snapshot, misses the
first one's log row and goes over the limit. Writing the same row instead
makes PostgreSQL decide: the second writer waits for the first to commit,
then gets a serialization failure, and Odoo's RPC layer retries the whole
call with a fresh snapshot, which now sees the used-up quota and refuses.
Two parallel reveals over the quota: exactly one succeeds, on any number of
workers. The row lock is per user and kind, so other users never wait.

Label prints do not queue on the row (``lock_timeout``): a print holds its
request for the whole PDF rendering, and wkhtmltopdf fetches the report's
assets from the server. A parallel print of the same user waiting for the
row in the other worker would leave the renderer without a free worker
until it times out; instead it is refused after a short wait ("a print of
yours is running").
"""
import psycopg2
from psycopg2 import errorcodes

from odoo import api, fields, models

from ..services import quota

KINDS = [("reveal", "Reveal"), ("label", "Shipping label")]
COUNT_SQL = """
    INSERT INTO ecom_pii_quota_usage AS u (user_id, kind, day, used)
    VALUES (%s, %s, %s, %s)
    ON CONFLICT (user_id, kind, day) DO UPDATE SET used = u.used + %s
    RETURNING used
"""


class EcomPiiQuotaUsage(models.Model):
    _name = "ecom.pii.quota.usage"
    _description = "Daily quota use per user"
    _log_access = False
    _order = "day desc, user_id"

    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, ondelete="cascade", index=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    day = fields.Date(required=True, readonly=True, help="UTC day")
    used = fields.Integer(required=True, readonly=True)

    _sql_constraints = [
        ("user_kind_day_uniq", "unique (user_id, kind, day)",
         "One quota counter per user, kind and day."),
    ]

    @api.model
    def _consume(self, kind, user, limit, wanted=1, lock_timeout=None):
        """Count ``wanted`` uses of ``kind`` by ``user`` today, within ``limit``.

        Raises :class:`quota.QuotaExceeded` (and counts nothing) when they do
        not fit; ``limit`` None means unlimited and counts nothing either (no
        row lock for the privacy officer). Returns what is left. The row stays
        locked until the transaction ends, and a rollback undoes the count.
        ``lock_timeout`` (milliseconds): wait at most that long for a
        concurrent count of the same row, then raise
        :class:`quota.QuotaBusy` (the transaction stays usable).
        """
        if limit is None:
            return None
        day = quota.day_of(fields.Datetime.from_string(fields.Datetime.now()))
        cr = self.env.cr
        if lock_timeout:
            used = self._count_waiting_at_most(cr, lock_timeout, (
                user.id, kind, day, wanted, wanted)) - wanted
        else:
            cr.execute(COUNT_SQL, (user.id, kind, day, wanted, wanted))
            used = cr.fetchone()[0] - wanted
        try:
            return quota.check(limit, used, wanted)
        except quota.QuotaExceeded:
            cr.execute("UPDATE ecom_pii_quota_usage SET used = used - %s "
                       "WHERE user_id = %s AND kind = %s AND day = %s",
                       (wanted, user.id, kind, day))
            raise

    @api.model
    def _count_waiting_at_most(self, cr, milliseconds, params):
        """COUNT_SQL waiting at most ``milliseconds`` for the row lock; in a
        savepoint, so a timeout leaves the request's transaction usable."""
        try:
            with cr.savepoint():
                cr.execute("SET LOCAL lock_timeout = %s", (int(milliseconds),))
                cr.execute(COUNT_SQL, params)
                used = cr.fetchone()[0]
        except psycopg2.OperationalError as error:
            if error.pgcode != errorcodes.LOCK_NOT_AVAILABLE:
                raise
            raise quota.QuotaBusy()
        finally:
            cr.execute("SET LOCAL lock_timeout = DEFAULT")
        return used
