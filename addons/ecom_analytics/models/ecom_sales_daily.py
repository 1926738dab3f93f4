# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging

from odoo import api, fields, models

from ..services import queries

_logger = logging.getLogger(__name__)

WATERMARK_PARAM = "ecom_analytics.facts_watermark"
#: The incremental refresh starts this long before the last watermark: a
#: transaction that wrote lines before the last refresh but committed after
#: it is caught by the next one (recomputing a key twice is harmless).
OVERLAP = datetime.timedelta(minutes=10)


class EcomSalesDaily(models.Model):
    """Daily sales facts: one row per day x channel x warehouse x product.

    Filled by SQL only (``INSERT ... SELECT`` grouped from the confirmed
    order lines, the margin lines of ``ecom_margin`` and the refunds of
    ``ecom_rma`` when those add-ons are installed: their tables are read
    only when their models are in the registry). No customer data: the
    facts name channels, warehouses and products only."""

    _name = "ecom.sales.daily"
    _description = "Daily sales facts"
    _order = "date desc, id desc"
    _rec_name = "date"

    # the unique key (date, channel, ...) indexes the date and channel
    date = fields.Date(required=True, readonly=True)
    iso_year = fields.Integer("Year", readonly=True, group_operator=False)
    iso_week = fields.Integer("Week", readonly=True, group_operator=False)
    channel_id = fields.Many2one("ecom.channel", readonly=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    categ_id = fields.Many2one("product.category", "Product Category",
                               readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    units = fields.Float(readonly=True)
    revenue = fields.Float(
        "Net Revenue", readonly=True,
        help="Untaxed, after discounts, in the company currency (at the rate "
             "of the order date).")
    refunded_units = fields.Float(readonly=True)
    refunded_amount = fields.Float(readonly=True)
    margin = fields.Float(
        "Contribution Margin", readonly=True,
        help="From ecom_margin when installed (empty otherwise).")
    promotion_id = fields.Many2one("ecom.promotion", readonly=True, index=True)
    stockout = fields.Boolean(
        "Stock-out", readonly=True,
        help="The day ended with nothing on hand in the warehouse.")

    _sql_constraints = [
        ("key_uniq", "unique(date, channel_id, warehouse_id, product_id, company_id)",
         "One fact row per day, channel, warehouse and product."),
    ]

    @api.model_cr
    def init(self):
        self.env.cr.execute(queries.WRITE_DATE_INDEXES)

    # ---------------------------------------------------------------- sources
    def _with_margin(self):
        return "ecom.margin.line" in self.env

    def _with_refunds(self):
        return "ecom.rma.line" in self.env

    # -------------------------------------------------------------- refreshes
    @api.model
    def _cron_refresh(self):
        return self._refresh_incremental()

    @api.model
    def _refresh_incremental(self):
        """Recompute the (day, channel, product) keys of the order lines,
        orders, margin lines and refunds written since the watermark: one
        DELETE and one INSERT ... SELECT for all of them. Returns the number
        of fact rows written."""
        cr = self.env.cr
        params = self.env["ir.config_parameter"].sudo()
        # sudo: the watermark is this add-on's technical parameter
        # the transaction's start: what commits later is caught by OVERLAP
        cr.execute("SELECT (now() at time zone 'UTC')::timestamp(0)::text")
        now = cr.fetchone()[0]
        last = params.get_param(WATERMARK_PARAM)
        if not last:
            return self._rebuild_all()
        since = fields.Datetime.from_string(last) - OVERLAP
        cr.execute(queries.KEYS_TABLE)
        cr.execute(queries.TOUCHED_SALE_KEYS, {"since": since})
        if self._with_margin():
            cr.execute(queries.TOUCHED_MARGIN_KEYS, {"since": since})
        if self._with_refunds():
            cr.execute(queries.TOUCHED_REFUND_KEYS, {"since": since})
        count = self._write_keys()
        params.set_param(WATERMARK_PARAM, now)
        return count

    def _write_keys(self):
        cr = self.env.cr
        cr.execute("SELECT count(*), MIN(day) FROM ecom_analytics_keys")
        count, first_day = cr.fetchone()
        if not count:
            return 0
        cr.execute("ANALYZE ecom_analytics_keys")
        cr.execute(queries.DELETE_KEYS)
        cr.execute(queries.facts_insert(
            self._with_margin(), self._with_refunds(), by_keys=True),
            {"uid": self.env.uid, "first_day": first_day})
        count = cr.rowcount
        self.invalidate_cache()
        return count

    @api.model
    def _rebuild_period(self, start, stop):
        """Facts of the orders dated in [start, stop) (datetimes), replaced."""
        cr = self.env.cr
        cr.execute("DELETE FROM ecom_sales_daily WHERE date >= %s AND date < %s",
                   (start.date(), stop.date()))
        # the grouped rows of a batch are sorted and hashed in memory
        cr.execute("SET LOCAL work_mem = '128MB'")
        cr.execute(queries.facts_insert(
            self._with_margin(), self._with_refunds(), by_keys=False),
            {"uid": self.env.uid, "start": start, "stop": stop})
        count = cr.rowcount
        self.invalidate_cache()
        return count

    @api.model
    def _date_bounds(self):
        """(first day, day after the last) of the orders and refunds."""
        cr = self.env.cr
        cr.execute(queries.DATE_BOUNDS)
        first, last = cr.fetchone()
        if self._with_refunds():
            cr.execute("""SELECT MIN(date_refunded), MAX(date_refunded)
                            FROM ecom_rma_line WHERE date_refunded IS NOT NULL""")
            rfirst, rlast = cr.fetchone()
            first = min(d for d in (first, rfirst) if d) if first or rfirst else None
            last = max(d for d in (last, rlast) if d) if last or rlast else None
        if not first:
            return None, None
        first = fields.Datetime.from_string(first).replace(
            hour=0, minute=0, second=0, microsecond=0)
        last = fields.Datetime.from_string(last).replace(
            hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
        return first, last

    @api.model
    def _rebuild_all(self):
        run = self.env["ecom.sales.rebuild"].create({})
        run._run()
        return run.rows_written

    @api.model
    def action_open_rebuild(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "ecom.sales.rebuild",
            "view_mode": "tree,form",
            "name": "Rebuild of the sales facts",
        }
