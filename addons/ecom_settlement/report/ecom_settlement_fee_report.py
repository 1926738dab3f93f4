# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools


class EcomSettlementFeeReport(models.Model):
    """Effective commission rate per channel and month (settlement period
    end) against the contract (the fee rules, as expected by the matching),
    in the settlement currency (finance only)."""

    _name = "ecom.settlement.fee.report"
    _description = "Effective fee rate per channel and month"
    _auto = False
    _order = "month desc, channel_id"

    channel_id = fields.Many2one("ecom.channel", readonly=True)
    month = fields.Date(readonly=True, help="First day of the month.")
    currency_id = fields.Many2one("res.currency", readonly=True)
    sales = fields.Float("Settled Sales", readonly=True)
    commission = fields.Float("Actual Commission", readonly=True)
    contract_commission = fields.Float(readonly=True)
    excess = fields.Float("Above Contract", readonly=True)
    effective_rate = fields.Float("Effective Rate (%)", readonly=True,
                                  group_operator="avg")
    contract_rate = fields.Float("Contract Rate (%)", readonly=True,
                                 group_operator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW {table} AS (
            WITH monthly AS (
                SELECT s.channel_id, s.currency_id,
                       date_trunc('month', s.period_end)::date AS month,
                       sum(CASE WHEN l.type = 'sale' THEN l.amount ELSE 0 END)
                           AS sales,
                       -sum(CASE WHEN l.type = 'commission' THEN l.amount
                                 ELSE 0 END) AS commission,
                       -sum(CASE WHEN l.type = 'commission' AND l.order_id IS NOT NULL
                                 THEN l.expected_amount ELSE 0 END)
                           AS contract_commission
                  FROM ecom_settlement_line l
                  JOIN ecom_settlement s ON s.id = l.settlement_id
              GROUP BY s.channel_id, s.currency_id, date_trunc('month', s.period_end))
            SELECT row_number() OVER (ORDER BY month, channel_id, currency_id) AS id,
                   channel_id, currency_id, month, sales, commission,
                   contract_commission, commission - contract_commission AS excess,
                   CASE WHEN sales <> 0
                        THEN round((100 * commission / sales)::numeric, 2)
                        ELSE 0 END AS effective_rate,
                   CASE WHEN sales <> 0
                        THEN round((100 * contract_commission / sales)::numeric, 2)
                        ELSE 0 END AS contract_rate
              FROM monthly)""".format(table=self._table))
