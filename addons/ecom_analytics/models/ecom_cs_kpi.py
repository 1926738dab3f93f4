# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk

from ..services import queries, staff


class EcomCsKpi(models.Model):
    """Customer service per agent x channel x day: threads answered, first
    response time and threads resolved (the agent has the last word) on the
    messages of channel orders. Each agent reads their own rows, managers
    all. No customer data: threads are counted, never named."""

    _name = "ecom.cs.kpi"
    _description = "Customer service performance (agent x channel x day)"
    _order = "day desc, user_id"
    _rec_name = "day"

    day = fields.Date(required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", "Agent", required=True, index=True,
                              readonly=True)
    channel_id = fields.Many2one("ecom.channel", readonly=True, index=True)
    threads = fields.Integer("Threads Answered", readonly=True)
    first_response_minutes = fields.Float(
        "First Response (min)", readonly=True, group_operator="avg",
        digits=(16, 1))
    resolved = fields.Integer("Threads Resolved", readonly=True)
    resolution_hours = fields.Float(
        "Resolution (h)", readonly=True, group_operator="avg", digits=(16, 2),
        help="From the first customer message to the agent's last answer, "
             "threads whose last message is the agent's.")

    @api.model
    def _refresh(self, since):
        """Recompute the days from ``since`` (a date) on."""
        cr = self.env.cr
        note = self.env.ref("mail.mt_note").id
        cr.execute(queries.CS_MESSAGES, {
            "since": datetime.datetime.combine(since, datetime.time()),
            "note": note})
        messages, channel_of, last = [], {}, {}
        for thread, date, agent, channel_id in cr.fetchall():
            date = fields.Datetime.from_string(date)
            messages.append((thread, date, agent))
            channel_of[thread] = channel_id
            last[thread] = (date, agent)
        answered = staff.response_times(messages)
        first_customer = {}
        for thread, date, agent in messages:
            if agent is None:
                first_customer.setdefault(thread, date)
        sums = {}
        for thread, (agent, seconds) in answered.items():
            day = first_customer[thread].date()
            if day < since:
                continue
            row = sums.setdefault((day, agent, channel_of[thread]), [0, 0.0, 0, 0.0])
            row[0] += 1
            row[1] += seconds
            last_date, last_agent = last[thread]
            if last_agent is not None:
                resolver = sums.setdefault(
                    (day, last_agent, channel_of[thread]), [0, 0.0, 0, 0.0])
                resolver[2] += 1
                resolver[3] += (last_date - first_customer[thread]).total_seconds()
        cr.execute("DELETE FROM ecom_cs_kpi WHERE day >= %s", (since,))
        now = fields.Datetime.now()
        bulk.execute_values(cr, """
            INSERT INTO ecom_cs_kpi (create_uid, create_date, write_uid,
                write_date, day, user_id, channel_id, threads,
                first_response_minutes, resolved, resolution_hours)
            VALUES %s""", [
            (self.env.uid, now, self.env.uid, now, day, agent, channel_id,
             row[0], row[1] / 60.0 / row[0] if row[0] else 0.0, row[2],
             row[3] / 3600.0 / row[2] if row[2] else 0.0)
            for (day, agent, channel_id), row in sums.items()])
        self.invalidate_cache()
        return len(sums)
