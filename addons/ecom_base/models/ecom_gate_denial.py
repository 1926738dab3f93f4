# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

import psycopg2

from odoo import fields, models

_logger = logging.getLogger(__name__)


class EcomGateDenial(models.Model):
    """Calls the gate refused: who, what, when, how often. Never any values.

    One row per user, day and refused target, counted up by an UPSERT in its
    own short transaction, so the refusal is recorded although the refused
    request rolls back, and a scan of thousands of methods makes a few rows,
    not thousands. Read by the privacy officer; written by the gate only.
    """

    _name = "ecom.gate.denial"
    _description = "E-commerce access gate: refused calls"
    _order = "last_at desc, id desc"
    _log_access = False

    user_id = fields.Many2one("res.users", required=True, readonly=True,
                              ondelete="cascade", index=True)
    day = fields.Date(required=True, readonly=True, index=True)
    kind = fields.Selection(
        [("method", "Model method"), ("report", "Report"), ("route", "HTTP route")],
        required=True, readonly=True)
    target = fields.Char(required=True, readonly=True,
                         help="model.method, report name or path")
    route = fields.Char(readonly=True, help="Web route of the last refusal, "
                                            "empty for XML-RPC")
    count = fields.Integer(readonly=True, default=1)
    first_at = fields.Datetime(readonly=True)
    last_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("target_uniq", "unique(user_id, day, kind, target)",
         "One counter per user, day and target."),
    ]

    def _ecom_log_denial(self, uid, kind, target, route=None):
        """Count one refusal of ``target`` for ``uid`` (own transaction)."""
        try:
            with self.pool.cursor() as cr:
                cr.execute("""
                    INSERT INTO ecom_gate_denial
                           (user_id, day, kind, target, route, count, first_at, last_at)
                    VALUES (%s, (now() at time zone 'UTC')::date, %s, %s, %s, 1,
                            now() at time zone 'UTC', now() at time zone 'UTC')
                    ON CONFLICT (user_id, day, kind, target) DO UPDATE
                       SET count = ecom_gate_denial.count + 1,
                           route = EXCLUDED.route, last_at = EXCLUDED.last_at
                """, (uid, kind, target[:256], (route or "")[:256] or None))
        except psycopg2.Error:
            # never let the log turn a refusal into a server error
            _logger.exception("ecom gate: could not count a refusal")
        _logger.info("ecom gate: refused %s %s to uid %s", kind, target, uid)
