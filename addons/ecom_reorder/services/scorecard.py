"""Vendor scorecard definitions, in plain Python (no ORM).

The scorecard is a SQL view (:data:`VIEW`) so that it is always current:
per vendor, receipts against the promised date of their purchase line,
average delay, received and rejected quantities and open late lines. The
replenishment run reads its rates as fractions (:func:`rates`).
"""

#: ``ecom_vendor_scorecard``: on-time rate = share of received moves done
#: by the planned date of their purchase line (in %); delay = days late,
#: early receipts counting as 0; quality = 1 - rejected / received (in %,
#: null while nothing was received); late open lines = lines of confirmed
#: orders past their planned date and not fully received.
VIEW = """
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
    )"""

#: Rates of some vendors. Params: (partner ids,).
RATES = """
    SELECT partner_id, on_time_rate, quality_rate FROM ecom_vendor_scorecard
     WHERE partner_id = ANY(%s)
"""


def _fraction(percent):
    return None if percent is None else percent / 100.0


def rates(rows):
    """{partner id: (on-time rate, quality rate)} as fractions (None: not
    measured yet) from :data:`RATES` rows (percentages)."""
    return {partner: (_fraction(on_time), _fraction(quality))
            for partner, on_time, quality in rows}
