# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk

from ..services import queries, staff
from .ecom_staff_step import ROLES

#: Days the cron recomputes (errors found later land on the day of the work).
REFRESH_DAYS = 35


class EcomStaffKpi(models.Model):
    """Warehouse performance per user x role x day, recomputed from the
    recorded steps by a cron (and by *Refresh*): lines and units per hour
    of timed work, orders shipped, errors per 1,000 lines (count
    discrepancies in the bins the user worked last, and after-sales cases
    "wrong item" of the orders the user picked or packed), the team median
    of lines/hour and the expected hours of the lines from bin distance and
    ABC class. Each user reads their own rows, managers all."""

    _name = "ecom.staff.kpi"
    _description = "Warehouse staff performance (user x role x day)"
    _order = "day desc, role, user_id"
    _rec_name = "day"

    day = fields.Date(required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", "User", required=True, index=True,
                              readonly=True)
    role = fields.Selection(ROLES, required=True, readonly=True)
    lines = fields.Integer(readonly=True)
    units = fields.Float(readonly=True)
    orders_shipped = fields.Integer(readonly=True)
    hours = fields.Float("Timed Hours", readonly=True, digits=(16, 2))
    lines_per_hour = fields.Float(readonly=True, group_operator="avg",
                                  digits=(16, 1))
    units_per_hour = fields.Float(readonly=True, group_operator="avg",
                                  digits=(16, 1))
    errors = fields.Integer(readonly=True)
    errors_per_1000 = fields.Float("Errors per 1,000 Lines", readonly=True,
                                   group_operator="avg", digits=(16, 1))
    team_median_lph = fields.Float("Team Median Lines/Hour", readonly=True,
                                   group_operator="avg", digits=(16, 1))
    vs_median_percent = fields.Float("vs Team Median (%)", readonly=True,
                                     group_operator="avg", digits=(16, 0))
    expected_hours = fields.Float(readonly=True, digits=(16, 2))
    vs_expected_percent = fields.Float(
        "Expected / Actual Time (%)", readonly=True, group_operator="avg",
        digits=(16, 0), help="100 = as fast as expected; above is faster.")

    @api.model
    def _cron_refresh(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        self._refresh(today - datetime.timedelta(days=REFRESH_DAYS), today)
        self.env["ecom.cs.kpi"]._refresh(
            today - datetime.timedelta(days=REFRESH_DAYS))
        return True

    @api.model
    def action_refresh(self):
        return self._cron_refresh()

    @api.model
    def _refresh(self, first, last):
        """Replace the rows of days [first, last]: three grouped queries,
        the maths in :mod:`services.staff`, one INSERT."""
        cr = self.env.cr
        period = {"first": first, "last": last}
        cr.execute(queries.STEP_SUMS, period)
        rows = {}
        for (day, user_id, role, lines, units, orders, hours, timed_lines,
             timed_units, expected) in cr.fetchall():
            rows[(day, user_id, role)] = {
                "lines": lines, "units": units, "orders": orders,
                "hours": hours, "timed_lines": timed_lines,
                "timed_units": timed_units, "expected_hours": expected,
                "errors": 0}
        error_queries = [queries.COUNT_ERRORS]
        if "ecom.rma" in self.env:
            error_queries.append(queries.WRONG_ITEM_ERRORS)
        for query in error_queries:
            cr.execute(query, period)
            for day, user_id, role, count in cr.fetchall():
                if (day, user_id, role) in rows:
                    rows[(day, user_id, role)]["errors"] += count
        results = staff.kpis(rows)
        cr.execute("DELETE FROM ecom_staff_kpi WHERE day BETWEEN %(first)s "
                   "AND %(last)s", period)
        bulk.execute_values(cr, """
            INSERT INTO ecom_staff_kpi (
                create_uid, create_date, write_uid, write_date, day, user_id,
                role, lines, units, orders_shipped, hours, lines_per_hour,
                units_per_hour, errors, errors_per_1000, team_median_lph,
                vs_median_percent, expected_hours, vs_expected_percent)
            VALUES %s""", [
            (self.env.uid, fields.Datetime.now(), self.env.uid,
             fields.Datetime.now(), day, user_id, role) + tuple(kpi)
            for (day, user_id, role), kpi in results.items()])
        self.invalidate_cache()
        return len(results)
