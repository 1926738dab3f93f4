# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools

AGE_BUCKETS = [("0_30", "0-30 days"), ("31_60", "31-60 days"),
               ("61_90", "61-90 days"), ("90_plus", "Over 90 days")]


class EcomSettlementUnsettledReport(models.Model):
    """Shipped channel orders without any settlement line, by age since the
    delivery (finance only). No customer data: the order by its references."""

    _name = "ecom.settlement.unsettled.report"
    _description = "Unsettled orders by age"
    _auto = False
    _order = "age_days desc"
    _rec_name = "order_ref"

    order_ref = fields.Char("Order", readonly=True)
    external_ref = fields.Char("Platform Reference", readonly=True)
    channel_id = fields.Many2one("ecom.channel", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_shipped = fields.Datetime("Shipped On", readonly=True)
    age_days = fields.Integer("Age (days)", readonly=True, group_operator="max")
    age_bucket = fields.Selection(AGE_BUCKETS, "Age", readonly=True)
    overdue = fields.Boolean(
        readonly=True, help="Older than the channel's settlement delay: the "
                            "variance not settled.")
    amount_total = fields.Float("Order Total", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    order_count = fields.Integer("Orders", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW {table} AS (
            WITH shipped AS (
                SELECT p.sale_id AS order_id, max(p.date_done) AS date_done
                  FROM stock_picking p
                 WHERE p.state = 'done' AND p.sale_id IS NOT NULL
              GROUP BY p.sale_id)
            SELECT o.id, o.name AS order_ref, o.ecom_external_ref AS external_ref,
                   o.ecom_channel_id AS channel_id, o.company_id,
                   s.date_done AS date_shipped, age.days AS age_days,
                   CASE WHEN age.days <= 30 THEN '0_30'
                        WHEN age.days <= 60 THEN '31_60'
                        WHEN age.days <= 90 THEN '61_90'
                        ELSE '90_plus' END AS age_bucket,
                   age.days > c.settlement_days AS overdue,
                   o.amount_total, pl.currency_id, 1 AS order_count
              FROM sale_order o
              JOIN shipped s ON s.order_id = o.id
              JOIN ecom_channel c ON c.id = o.ecom_channel_id
              LEFT JOIN product_pricelist pl ON pl.id = o.pricelist_id
             CROSS JOIN LATERAL (SELECT date_part('day', (now() at time zone 'UTC')
                                                  - s.date_done)::int AS days) age
             WHERE o.state IN ('sale', 'done')
               AND NOT EXISTS (SELECT 1 FROM ecom_settlement_line l
                                WHERE l.order_id = o.id))""".format(
            table=self._table))
