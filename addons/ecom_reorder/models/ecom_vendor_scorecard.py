# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


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
        self.env.cr.execute("""
            CREATE VIEW ecom_vendor_scorecard AS (
            WITH vendors AS (
                SELECT DISTINCT partner_id FROM purchase_order
                UNION SELECT DISTINCT name FROM product_supplierinfo
            ), moves AS (
                SELECT po.partner_id, sm.picking_id, sm.product_qty,
                       (sm.date::date - pol.date_planned::date) AS delay
                  FROM stock_move sm
                  JOIN purchase_order_line pol ON pol.id = sm.purchase_line_id
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN stock_location src ON src.id = sm.location_id
                 WHERE sm.state = 'done' AND src.usage = 'supplier'
            ), receipts AS (
                SELECT partner_id, COUNT(DISTINCT picking_id) AS receipt_count,
                       SUM(product_qty) AS received_qty,
                       100.0 * SUM(CASE WHEN delay <= 0 THEN 1 ELSE 0 END)
                           / COUNT(*) AS on_time_rate,
                       AVG(GREATEST(delay, 0)) AS avg_delay_days
                  FROM moves GROUP BY partner_id
            ), rejected AS (
                SELECT partner_id, SUM(quantity) AS rejected_qty
                  FROM ecom_receipt_rejection GROUP BY partner_id
            ), late AS (
                SELECT po.partner_id, COUNT(*) AS late_open_lines
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                 WHERE po.state IN ('purchase', 'done')
                   AND pol.date_planned < (now() AT TIME ZONE 'UTC')
                   AND pol.qty_received < pol.product_qty
                 GROUP BY po.partner_id
            )
            SELECT v.partner_id AS id, v.partner_id,
                   COALESCE(r.receipt_count, 0) AS receipt_count,
                   COALESCE(r.received_qty, 0) AS received_qty,
                   COALESCE(j.rejected_qty, 0) AS rejected_qty,
                   r.on_time_rate, r.avg_delay_days,
                   CASE WHEN COALESCE(r.received_qty, 0) > 0
                        THEN GREATEST(0, 100.0 * (1 - COALESCE(j.rejected_qty, 0)
                                                  / r.received_qty))
                   END AS quality_rate,
                   COALESCE(l.late_open_lines, 0) AS late_open_lines
              FROM vendors v
              LEFT JOIN receipts r ON r.partner_id = v.partner_id
              LEFT JOIN rejected j ON j.partner_id = v.partner_id
              LEFT JOIN late l ON l.partner_id = v.partner_id
             WHERE v.partner_id IS NOT NULL
            )""")

    @api.model
    def _vendor_rates(self, partner_ids):
        """{partner id: (on-time rate, quality rate)} as fractions, None when
        not measured yet (one query)."""
        if not partner_ids:
            return {}
        self.env.cr.execute("""
            SELECT partner_id, on_time_rate, quality_rate FROM ecom_vendor_scorecard
             WHERE partner_id = ANY(%s)
        """, (list(partner_ids),))
        return {
            partner: (None if on_time is None else on_time / 100.0,
                      None if quality is None else quality / 100.0)
            for partner, on_time, quality in self.env.cr.fetchall()
        }
