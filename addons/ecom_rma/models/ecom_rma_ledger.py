# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What is refunded but not back, and what is back but not refunded.

A database view over the case lines (no stored copy to keep in sync), one
row per line whose refunded and received quantities differ, with the age in
days since the first of the two events.
"""
from odoo import fields, models, tools

from .ecom_rma import TYPES

KINDS = [
    ("refunded_not_received", "Refunded, not received"),
    ("received_not_refunded", "Received, not refunded"),
]


class EcomRmaLedger(models.Model):
    _name = "ecom.rma.ledger"
    _description = "After-sales ledger (refunds vs returned goods)"
    _auto = False
    _order = "age_days desc, id"

    rma_id = fields.Many2one("ecom.rma", string="Case", readonly=True)
    channel_id = fields.Many2one("ecom.channel", string="Channel", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    type = fields.Selection(TYPES, readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    qty_refunded = fields.Float(readonly=True)
    qty_received = fields.Float(readonly=True)
    qty_gap = fields.Float("Gap", readonly=True)
    amount_gap = fields.Float("Gap Value", readonly=True,
                              help="Gap x the unit price on the order.")
    since = fields.Datetime(readonly=True)
    age_days = fields.Integer("Age (days)", readonly=True, group_operator="max")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW ecom_rma_ledger AS (
                SELECT l.id, l.rma_id, l.channel_id, l.product_id, l.type,
                       CASE WHEN l.refunded > l.received
                            THEN 'refunded_not_received'
                            ELSE 'received_not_refunded' END AS kind,
                       l.refunded AS qty_refunded, l.received AS qty_received,
                       ABS(l.refunded - l.received) AS qty_gap,
                       ABS(l.refunded - l.received) * l.price AS amount_gap,
                       CASE WHEN l.refunded > l.received
                            THEN l.date_refunded ELSE l.date_received END AS since,
                       EXTRACT(DAY FROM (now() AT TIME ZONE 'UTC') - CASE
                            WHEN l.refunded > l.received
                            THEN COALESCE(l.date_refunded, l.requested_at)
                            ELSE COALESCE(l.date_received, l.requested_at)
                            END)::integer AS age_days
                  FROM (
                    SELECT l.id, l.rma_id, r.channel_id, l.product_id, r.type,
                           COALESCE(l.qty_refunded, 0) AS refunded,
                           COALESCE(l.qty_received, 0) AS received,
                           COALESCE(l.price_unit, 0) AS price,
                           l.date_refunded, r.date_received, r.requested_at
                      FROM ecom_rma_line l
                      JOIN ecom_rma r ON r.id = l.rma_id
                     WHERE r.state NOT IN ('rejected', 'cancelled', 'draft')
                  ) l
                 WHERE ABS(l.refunded - l.received) > 0.000001
            )""")


class EcomRmaReturnRate(models.Model):
    """Units asked back over units delivered per month, channel, SKU and
    reason; ``alert`` above the threshold ``ecom_rma.return_rate_alert``
    (percent, system parameter, default 10)."""

    _name = "ecom.rma.return.rate"
    _description = "Return rate per SKU, channel and reason"
    _auto = False
    _order = "month desc, rate desc"

    month = fields.Date(readonly=True)
    channel_id = fields.Many2one("ecom.channel", string="Channel", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    reason = fields.Selection(
        [("damaged", "Damaged"), ("wrong_item", "Wrong item"),
         ("not_as_described", "Not as described"),
         ("no_longer_needed", "No longer needed"),
         ("late_delivery", "Late delivery"), ("other", "Other")], readonly=True)
    qty_returned = fields.Float("Returned", readonly=True)
    qty_sold = fields.Float("Delivered", readonly=True,
                            help="Units of the SKU delivered on the channel's orders "
                                 "of the month (all reasons).")
    rate = fields.Float("Return Rate (%)", readonly=True, group_operator="avg")
    alert = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW ecom_rma_return_rate AS (
                WITH returned AS (
                    SELECT date_trunc('month', r.requested_at)::date AS month,
                           r.channel_id, l.product_id, r.reason,
                           SUM(l.qty_requested) AS qty
                      FROM ecom_rma_line l
                      JOIN ecom_rma r ON r.id = l.rma_id
                     WHERE r.state NOT IN ('rejected', 'cancelled')
                     GROUP BY 1, 2, 3, 4
                ), sold AS (
                    SELECT date_trunc('month', o.date_order)::date AS month,
                           o.ecom_channel_id AS channel_id, l.product_id,
                           SUM(l.qty_delivered) AS qty
                      FROM sale_order_line l
                      JOIN sale_order o ON o.id = l.order_id
                     WHERE o.state IN ('sale', 'done')
                       AND o.ecom_channel_id IS NOT NULL
                     GROUP BY 1, 2, 3
                ), threshold AS (
                    SELECT COALESCE((SELECT value FROM ir_config_parameter
                                      WHERE key = 'ecom_rma.return_rate_alert'),
                                    '10')::float AS pct
                )
                SELECT row_number() OVER (ORDER BY ret.month, ret.channel_id,
                                          ret.product_id, ret.reason) AS id,
                       ret.month, ret.channel_id, ret.product_id, ret.reason,
                       ret.qty AS qty_returned, COALESCE(s.qty, 0) AS qty_sold,
                       CASE WHEN COALESCE(s.qty, 0) > 0
                            THEN 100.0 * ret.qty / s.qty ELSE 100.0 END AS rate,
                       (CASE WHEN COALESCE(s.qty, 0) > 0
                             THEN 100.0 * ret.qty / s.qty ELSE 100.0 END)
                           > (SELECT pct FROM threshold) AS alert
                  FROM returned ret
                  LEFT JOIN sold s ON s.month = ret.month
                                  AND s.channel_id = ret.channel_id
                                  AND s.product_id = ret.product_id
            )""")
