# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import random
import time

import psycopg2
from psycopg2 import errorcodes

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..exceptions import EcomApiError

from ..services import intake
from ..services import lookup as lookup_service
from .ecom_channel_intake import BatchRetry
from odoo.addons.ecom_base.tools import bulk

_logger = logging.getLogger(__name__)

CONCURRENCY_ERRORS = (
    errorcodes.LOCK_NOT_AVAILABLE,
    errorcodes.SERIALIZATION_FAILURE,
    errorcodes.DEADLOCK_DETECTED,
)
MAX_TRIES = 6
# what sends a batch from the set-based path to the order-by-order one
BULK_FALLBACK_ERRORS = (bulk.BulkUnsupported, UserError, ValidationError,
                        intake.IntakeError, psycopg2.IntegrityError)
INTAKE_CONTEXT = {
    "ecom_intake": True,
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
}


class EcomChannelApi(models.Model):
    """The channel API's entry points: who may call, which channel, retries.

    ``import_orders`` runs the batch in one transaction and redoes it when a
    concurrent import changed what it read (:class:`BatchRetry`); the intake
    itself is in ``ecom_channel_intake.py``.
    """

    _inherit = "ecom.channel"

    # ------------------------------------------------------------------
    # API: access
    # ------------------------------------------------------------------
    @api.model
    def _check_api_access(self):
        user = self.env.user
        if not (user.has_group("ecom_base.group_integration")
                or user.has_group("sales_team.group_sale_manager")):
            raise AccessError(_(
                "Only channel integration users and sales managers may call the "
                "channel API."))

    @api.model
    def _get_api_channel(self, channel_code):
        if not isinstance(channel_code, str) or not channel_code.strip():
            return self.browse()
        return self.search([("code", "=", channel_code.strip())], limit=1)

    # ------------------------------------------------------------------
    # API: order intake
    # ------------------------------------------------------------------
    @api.model
    def import_orders(self, channel_code, orders):
        """Create the orders of one batch; one result per order, in order.

        Each order is all-or-nothing (own savepoint); (channel, external_ref) is
        unique in the database, so a ref sent twice, even by parallel clients to
        several workers, gives one order and "exists" for the others.
        """
        self._check_api_access()
        user = self.env.user
        # sudo: the caller passed _check_api_access. The batch only creates this
        # channel's customers/orders from the payload and answers refs, ids, order
        # names and error codes, never partner data (integration users get no ACL
        # on res.partner; test_channel_rpc checks they still cannot read it).
        channel_model = self.sudo().with_context(**INTAKE_CONTEXT)
        return self._api_retry(
            "import_orders",
            lambda: channel_model._import_batch(channel_code, orders, user),
            lambda: EcomApiError(intake.IntakeError("channel_busy", "orders")))

    @api.model
    def _api_retry(self, what, batch, busy, retry=(BatchRetry,)):
        """``batch()``, the whole work of one API call in this transaction,
        redone in a new transaction when another worker committed what it
        read (a concurrency error of PostgreSQL, or one of ``retry`` raised
        by the batch), up to MAX_TRIES times with a random pause; then
        everything is rolled back and ``busy()`` is raised. The redone batch
        sees the other worker's rows (and answers "exists" for them)."""
        for attempt in range(1, MAX_TRIES + 1):
            try:
                return batch()
            except (psycopg2.OperationalError,) + tuple(retry) as error:
                if isinstance(error, psycopg2.OperationalError) and \
                        error.pgcode not in CONCURRENCY_ERRORS:
                    raise
                if attempt == MAX_TRIES:
                    break
                _logger.info("ecom.channel %s: concurrent update, retry %d",
                             what, attempt)
                self.env.cr.rollback()
                self.env.clear()
                time.sleep(random.uniform(0.05, 0.3 * attempt))
        self.env.cr.rollback()
        raise busy()

    @api.model
    def _import_batch(self, channel_code, orders, user):
        started = time.time()
        channel = self._get_api_channel(channel_code)
        error = intake.check_batch(orders)
        if not error and not channel:
            error = intake.IntakeError("unknown_channel", "channel_code",
                                       value=channel_code)
        if error:
            if not isinstance(orders, list):
                raise EcomApiError(error)
            results = [intake.result_row(intake.raw_ref(o), "rejected", error=error)
                       for o in orders]
        else:
            results = channel._import_orders(orders)
            channel._intake_stamp_caller(
                [row["order_id"] for row in results if row["status"] == "created"],
                user)
        self.env["ecom.import.log"]._record(
            channel, channel_code, user, results, time.time() - started)
        return results

    @api.model
    def _intake_stamp_caller(self, order_ids, user):
        """The caller is ``create_uid``/``write_uid`` of what the batch wrote.

        The intake writes with the superuser's rights (the integration role has
        no access to orders and customers, see ``import_orders``), so the ORM
        stamps uid 1; this puts the calling integration user instead on the
        batch's orders, their lines, procurement groups, deliveries, moves and
        move lines, and on the customers and delivery contacts the batch
        created (``create_date`` = this transaction's start, created as
        superuser) or updated. One UPDATE per table, in this transaction.
        """
        if not order_ids or user.id == SUPERUSER_ID:
            return
        self.recompute()   # pending stored computes would write as uid 1 later
        cr = self.env.cr
        params = {"uid": user.id, "su": SUPERUSER_ID, "orders": list(order_ids)}
        both = "SET create_uid = %(uid)s, write_uid = %(uid)s"
        own = "create_uid = %(su)s AND create_date = (now() at time zone 'UTC')"
        for query in (
                "UPDATE sale_order " + both + " WHERE id = ANY(%(orders)s)",
                "UPDATE sale_order_line " + both + " WHERE order_id = ANY(%(orders)s)",
                "UPDATE procurement_group " + both + " WHERE sale_id = ANY(%(orders)s)"
                " AND " + own,
                "UPDATE stock_picking " + both + " WHERE sale_id = ANY(%(orders)s)"
                " AND " + own,
                "UPDATE stock_move " + both + " WHERE " + own + " AND sale_line_id IN"
                " (SELECT id FROM sale_order_line WHERE order_id = ANY(%(orders)s))",
                "UPDATE stock_move_line " + both + " WHERE " + own + " AND move_id IN"
                " (SELECT m.id FROM stock_move m JOIN sale_order_line l"
                " ON l.id = m.sale_line_id WHERE l.order_id = ANY(%(orders)s))",
                "UPDATE res_partner " + both + " WHERE " + own + " AND id IN"
                " (SELECT partner_id FROM sale_order WHERE id = ANY(%(orders)s)"
                " UNION SELECT partner_shipping_id FROM sale_order"
                " WHERE id = ANY(%(orders)s))",
                # repeat buyers the batch gave an external id
                "UPDATE res_partner SET write_uid = %(uid)s WHERE write_uid = %(su)s"
                " AND write_date = (now() at time zone 'UTC') AND id IN"
                " (SELECT partner_id FROM sale_order WHERE id = ANY(%(orders)s))"):
            cr.execute(query, params)
        for model in ("sale.order", "sale.order.line", "procurement.group",
                      "stock.picking", "stock.move", "stock.move.line", "res.partner"):
            self.env[model].invalidate_cache(["create_uid", "write_uid"])

    @api.multi
    def _import_orders(self, orders):
        self.ensure_one()
        catalog, lookup = self.with_context(prefetch_fields=False)._intake_prefetch(
            orders)
        validated = []
        for raw in orders:
            try:
                validated.append((raw, intake.validate_order(raw, catalog), None))
            except intake.IntakeError as error:
                validated.append((raw, None, error))
        self._intake_prefetch_customers([v for _r, v, _e in validated if v], lookup)
        new_refs = lookup_service.new_refs(validated, lookup)
        if len(new_refs) > 1:
            saved = lookup.save()
            try:
                with self.env.cr.savepoint():
                    # the batch reads columns one at a time, for all its
                    # records: cheaper than whole rows of wide tables
                    return self.with_context(prefetch_fields=False)._intake_bulk(
                        validated, lookup)
            except BULK_FALLBACK_ERRORS as error:
                # Something in the batch needs core's path, or one order breaks
                # a rule: redo the batch order by order, each in its savepoint,
                # so that only the bad order is rejected.
                _logger.info("ecom.channel import: batch of %d orders taken order "
                             "by order (%s: %s)", len(new_refs),
                             type(error).__name__, error)
                self.env.clear()
                lookup.restore(saved)
        return [self._intake_one(order, lookup) if order
                else intake.result_row(intake.raw_ref(raw), "rejected", error=error)
                for raw, order, error in validated]
