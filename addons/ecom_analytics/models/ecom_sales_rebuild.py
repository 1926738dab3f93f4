# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging
import threading
import time

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk_fill

from .ecom_sales_daily import WATERMARK_PARAM

_logger = logging.getLogger(__name__)

#: Days of orders per batch (one INSERT ... SELECT each, committed): half a
#: year (each batch scans the order lines once).
BATCH_DAYS = 183


class EcomSalesRebuild(models.Model):
    """A full rebuild of ``ecom.sales.daily``, month after month.

    Each batch is committed (outside tests) and recorded (``next_date``,
    ``days_done``): *Run* on an interrupted rebuild resumes where it
    stopped; the form shows the progress."""

    _name = "ecom.sales.rebuild"
    _description = "Rebuild of the daily sales facts"
    _order = "id desc"

    name = fields.Char(default=lambda self: fields.Datetime.now(), readonly=True)
    state = fields.Selection([
        ("draft", "To run"), ("running", "In progress"), ("done", "Done"),
    ], default="draft", required=True, readonly=True)
    date_first = fields.Datetime("First Order", readonly=True)
    date_stop = fields.Datetime("After Last Order", readonly=True)
    next_date = fields.Datetime(readonly=True)
    days_total = fields.Integer(readonly=True)
    days_done = fields.Integer(readonly=True)
    rows_written = fields.Integer("Fact Rows", readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    seconds = fields.Float(readonly=True, digits=(16, 1))

    @api.depends("days_total", "days_done", "state")
    def _compute_progress(self):
        for run in self:
            if run.state == "done":
                run.progress = 100.0
            else:
                run.progress = 100.0 * run.days_done / run.days_total \
                    if run.days_total else 0.0

    @api.multi
    def action_run(self):
        """Start or resume (the same button)."""
        for run in self:
            run._run()
        return True

    @api.multi
    def _run(self, batch_days=BATCH_DAYS):
        self.ensure_one()
        started = time.time()
        facts = self.env["ecom.sales.daily"]
        cr = self.env.cr
        if self.state == "draft":
            # Odoo's cursor returns timestamps as strings
            cr.execute("SELECT (now() at time zone 'UTC')::timestamp(0)::text")
            watermark = cr.fetchone()[0]
            first, stop = facts._date_bounds()
            # the whole table is rewritten: no dead rows left behind
            cr.execute("TRUNCATE ecom_sales_daily")
            # foreign keys (a trigger per key and row: half the time of a
            # million-row rebuild) and lookup indexes off while filling,
            # made again at the end in one pass each
            bulk_fill.drop_for_fill(facts)
            self.write({
                "state": "running", "date_first": first, "date_stop": stop,
                "next_date": first,
                "days_total": (stop - first).days if first else 0,
            })
            # sudo: the watermark is this add-on's technical parameter
            self.env["ir.config_parameter"].sudo().set_param(
                WATERMARK_PARAM, watermark)
            self._commit()
        stop = fields.Datetime.from_string(self.date_stop)
        current = fields.Datetime.from_string(self.next_date)
        while current and stop and current < stop:
            upto = min(current + datetime.timedelta(days=batch_days), stop)
            rows = facts._rebuild_period(current, upto)
            self.write({
                "next_date": upto, "rows_written": self.rows_written + rows,
                "days_done": self.days_done + (upto - current).days})
            self._commit()
            current = upto
        bulk_fill.restore_after_fill(facts)
        self.write({"state": "done",
                    "seconds": self.seconds + time.time() - started})
        _logger.info("ecom_analytics rebuild %s: %s fact rows, %.1f s",
                     self.id, self.rows_written, self.seconds)
        return True

    def _commit(self):
        """Each batch is kept if the run is interrupted (not in tests, whose
        transaction is rolled back at the end)."""
        if not getattr(threading.currentThread(), "testing", False) and \
                not self.env.context.get("ecom_analytics_no_commit"):
            self.env.cr.commit()  # pylint: disable=invalid-commit
