# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools

from ..services import scorecard


class EcomVendorScorecard(models.Model):
    """Per vendor: receipts on time against the promised date of the purchase
    line, average delay, received and rejected quantities, open late lines.
    A SQL view, so always current; the replenishment run reads the same rates
    (:meth:`_vendor_rates`) for its vendor choice."""

    _name = "ecom.vendor.scorecard"
    _description = "Vendor Scorecard"
    _auto = False
    _order = "on_time_rate, partner_id"

    partner_id = fields.Many2one("res.partner", "Vendor", readonly=True)
    receipt_count = fields.Integer("Receipts", readonly=True)
    received_qty = fields.Float("Received", readonly=True)
    rejected_qty = fields.Float("Rejected", readonly=True)
    on_time_rate = fields.Float("On Time (%)", readonly=True, group_operator="avg")
    avg_delay_days = fields.Float("Avg Delay (days)", readonly=True,
                                  group_operator="avg")
    quality_rate = fields.Float("Quality (%)", readonly=True, group_operator="avg")
    late_open_lines = fields.Integer(readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(scorecard.VIEW)

    @api.model
    def _vendor_rates(self, partner_ids):
        """{partner id: (on-time rate, quality rate)} as fractions, None when
        not measured yet (one query)."""
        if not partner_ids:
            return {}
        self.env.cr.execute(scorecard.RATES, (list(partner_ids),))
        return scorecard.rates(self.env.cr.fetchall())
