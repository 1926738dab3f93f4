"""SQL text of the analytics' set-based statements, in plain Python.

The facts are rebuilt by key: a temporary table ``ecom_analytics_keys``
(day, channel id or 0, product id) names the (date, channel, product) keys
to recompute; :func:`facts_insert` builds the one ``INSERT ... SELECT``
grouped from sale order lines (and, when the add-ons are installed, the
margin lines of ``ecom_margin`` and the refunds of ``ecom_rma``).
Order dates are taken in UTC (as stored).
"""

KEYS_TABLE = """
    CREATE TEMP TABLE IF NOT EXISTS ecom_analytics_keys (
        day date, channel_id integer, product_id integer) ON COMMIT DROP;
    TRUNCATE ecom_analytics_keys;
"""

#: Keys of the order lines, and of the lines of the orders, written since a
#: timestamp (two index scans on ``write_date``, see WRITE_DATE_INDEXES).
#: Params: {"since"}.
TOUCHED_SALE_KEYS = """
    INSERT INTO ecom_analytics_keys
    SELECT so.date_order::date, COALESCE(so.ecom_channel_id, 0), sol.product_id
      FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
     WHERE sol.product_id IS NOT NULL AND sol.write_date >= %(since)s
    UNION
    SELECT so.date_order::date, COALESCE(so.ecom_channel_id, 0), sol.product_id
      FROM sale_order so JOIN sale_order_line sol ON sol.order_id = so.id
     WHERE sol.product_id IS NOT NULL AND so.write_date >= %(since)s
"""

#: Indexes the incremental refresh reads the written rows with.
WRITE_DATE_INDEXES = """
    CREATE INDEX IF NOT EXISTS ecom_analytics_sale_order_line_write_date_idx
        ON sale_order_line (write_date);
    CREATE INDEX IF NOT EXISTS ecom_analytics_sale_order_write_date_idx
        ON sale_order (write_date);
"""

#: Keys of the margin lines written since a timestamp. Params: {"since"}.
TOUCHED_MARGIN_KEYS = """
    INSERT INTO ecom_analytics_keys
    SELECT DISTINCT so.date_order::date, COALESCE(so.ecom_channel_id, 0),
           sol.product_id
      FROM ecom_margin_line ml
      JOIN sale_order_line sol ON sol.id = ml.sale_line_id
      JOIN sale_order so ON so.id = sol.order_id
     WHERE ml.write_date >= %(since)s AND sol.product_id IS NOT NULL
"""

#: Keys of refunded after-sales lines written since a timestamp.
TOUCHED_REFUND_KEYS = """
    INSERT INTO ecom_analytics_keys
    SELECT DISTINCT rl.date_refunded::date, COALESCE(r.channel_id, 0),
           rl.product_id
      FROM ecom_rma_line rl JOIN ecom_rma r ON r.id = rl.rma_id
     WHERE rl.write_date >= %(since)s AND rl.date_refunded IS NOT NULL
"""

DELETE_KEYS = """
    DELETE FROM ecom_sales_daily f USING (SELECT DISTINCT * FROM ecom_analytics_keys) k
     WHERE f.date = k.day AND COALESCE(f.channel_id, 0) = k.channel_id
       AND f.product_id = k.product_id
"""

_SALES = """
    SELECT so.date_order::date AS day, so.ecom_channel_id AS channel_id,
           so.warehouse_id, sol.product_id, so.company_id,
           sol.product_uom_qty / u.factor * u2.factor AS units,
           sol.price_subtotal * COALESCE(fx.factor, 1.0) AS revenue,
           0.0 AS refunded_units, 0.0 AS refunded_amount,
           {margin} AS margin
      FROM sale_order_line sol
      JOIN sale_order so ON so.id = sol.order_id
      JOIN product_product pp ON pp.id = sol.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_uom u ON u.id = sol.product_uom
      JOIN product_uom u2 ON u2.id = pt.uom_id
      {rate_join}
      {margin_join}
     WHERE so.state IN ('sale', 'done') AND NOT COALESCE(sol.is_delivery, false)
       {key_filter}
"""
_SALES_KEY = """AND so.date_order >= %(first_day)s
       AND (so.date_order::date, COALESCE(so.ecom_channel_id, 0),
            sol.product_id) IN (SELECT * FROM ecom_analytics_keys)"""
#: ``fx.factor``: what converts the order's amounts (its pricelist currency)
#: into its company's currency at the order date (the rates' latest values on
#: that date, as res.currency._compute does).
_RATE_JOIN = """
      LEFT JOIN LATERAL (
          SELECT CASE WHEN pl.currency_id = co.currency_id THEN 1.0
                      ELSE COALESCE((
                          SELECT r.rate FROM res_currency_rate r
                           WHERE r.currency_id = co.currency_id
                             AND (r.company_id IS NULL OR r.company_id = co.id)
                             AND r.name <= so.date_order
                           ORDER BY r.name DESC, r.company_id LIMIT 1), 1.0)
                         / COALESCE((
                          SELECT r.rate FROM res_currency_rate r
                           WHERE r.currency_id = pl.currency_id
                             AND (r.company_id IS NULL OR r.company_id = co.id)
                             AND r.name <= so.date_order
                           ORDER BY r.name DESC, r.company_id LIMIT 1), 1.0)
                 END AS factor
            FROM product_pricelist pl, res_company co
           WHERE pl.id = so.pricelist_id AND co.id = so.company_id) fx ON true"""
_SALES_RANGE = """AND so.date_order >= %(start)s AND so.date_order < %(stop)s"""
_MARGIN_JOIN = "LEFT JOIN ecom_margin_line ml ON ml.sale_line_id = sol.id"

_REFUNDS = """
    SELECT rl.date_refunded::date, r.channel_id,
           COALESCE(so.warehouse_id, r.warehouse_id), rl.product_id,
           COALESCE(so.company_id, r.company_id),
           0.0, 0.0, rl.qty_refunded,
           rl.qty_refunded * rl.price_unit * COALESCE(fx.factor, 1.0),
           {margin}
      FROM ecom_rma_line rl JOIN ecom_rma r ON r.id = rl.rma_id
      LEFT JOIN sale_order so ON so.id = r.sale_order_id
      {rate_join}
     WHERE rl.date_refunded IS NOT NULL AND rl.qty_refunded > 0
       {key_filter}
"""
_REFUNDS_KEY = """AND (rl.date_refunded::date, COALESCE(r.channel_id, 0),
                       rl.product_id) IN (SELECT * FROM ecom_analytics_keys)"""
_REFUNDS_RANGE = """AND rl.date_refunded >= %(start)s AND rl.date_refunded < %(stop)s"""


def facts_insert(with_margin, with_refunds, by_keys):
    """The ``INSERT ... SELECT`` of the facts. Params: {"uid"}, and
    {"start", "stop"} (timestamps) unless ``by_keys``, else {"first_day"}
    (the keys' first day, as a value: the planner then reads the few recent
    orders' lines by index instead of scanning every line).

    ``with_margin``: ecom_margin's ``ecom_margin_line`` is read;
    ``with_refunds``: ecom_rma's refunded lines are added; ``by_keys``: only
    the keys of ``ecom_analytics_keys`` (else the lines of the period)."""
    parts = [_SALES.format(
        margin="ml.margin" if with_margin else "NULL::numeric",
        margin_join=_MARGIN_JOIN if with_margin else "", rate_join=_RATE_JOIN,
        key_filter=_SALES_KEY if by_keys else _SALES_RANGE)]
    if with_refunds:
        parts.append(_REFUNDS.format(
            margin="NULL::numeric", rate_join=_RATE_JOIN,
            key_filter=_REFUNDS_KEY if by_keys else _REFUNDS_RANGE))
    return """
    WITH agg AS (
        SELECT s.day, s.channel_id, s.warehouse_id, s.product_id, pt.categ_id,
               s.company_id, SUM(s.units) AS units, SUM(s.revenue) AS revenue,
               SUM(s.refunded_units) AS refunded_units,
               SUM(s.refunded_amount) AS refunded_amount, SUM(s.margin) AS margin
          FROM ({parts}) s
          JOIN product_product pp ON pp.id = s.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         GROUP BY s.day, s.channel_id, s.warehouse_id, s.product_id,
                  pt.categ_id, s.company_id),
    {flags}
    INSERT INTO ecom_sales_daily (
        create_uid, create_date, write_uid, write_date, date, iso_year,
        iso_week, channel_id, warehouse_id, product_id, categ_id, company_id,
        units, revenue, refunded_units, refunded_amount, margin, promotion_id,
        stockout)
    SELECT %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC',
           a.day, EXTRACT(isoyear FROM a.day), EXTRACT(week FROM a.day),
           a.channel_id, a.warehouse_id, a.product_id, a.categ_id, a.company_id,
           a.units, a.revenue, a.refunded_units, a.refunded_amount, a.margin,
           pr.promotion_id,
           a.warehouse_id IS NOT NULL
               AND COALESCE(oh.qty, 0) - COALESCE(c.after, 0) <= 0
      FROM agg a
      LEFT JOIN promo pr ON pr.day = a.day AND pr.product_id = a.product_id
                        AND pr.warehouse_id IS NOT DISTINCT FROM a.warehouse_id
      LEFT JOIN onhand oh ON oh.warehouse_id = a.warehouse_id
                         AND oh.product_id = a.product_id
      LEFT JOIN cum c ON c.warehouse_id = a.warehouse_id
                     AND c.product_id = a.product_id AND c.day = a.day
    """.format(parts="\n UNION ALL \n".join(parts), flags=_FLAGS)


#: The promotion and the stock-out flag of the grouped rows ``agg``:
#: - ``promo``: the promotion covering the row's day and product (named, or
#:   through its category tree) for every warehouse or the row's own, the
#:   largest planned uplift first;
#: - ``onhand`` / ``cum``: the day ended with nothing on hand in the row's
#:   warehouse (today's quants minus the net flow of the done moves of the
#:   later days, as ecom_reorder reconstructs it; window sums, no subquery
#:   per row).
_FLAGS = """
    scope AS (
        SELECT p.id AS promotion_id, p.date_from, p.date_to, p.warehouse_id,
               p.uplift_percent, r.product_product_id AS product_id
          FROM ecom_promotion p
          JOIN ecom_promotion_product_product_rel r ON r.ecom_promotion_id = p.id
         WHERE p.active
        UNION
        SELECT p.id, p.date_from, p.date_to, p.warehouse_id, p.uplift_percent,
               pp.id
          FROM ecom_promotion p
          JOIN ecom_promotion_product_category_rel r ON r.ecom_promotion_id = p.id
          JOIN product_category pc ON pc.id = r.product_category_id
          JOIN product_category fc ON fc.parent_left >= pc.parent_left
                                  AND fc.parent_left < pc.parent_right
          JOIN product_template pt ON pt.categ_id = fc.id
          JOIN product_product pp ON pp.product_tmpl_id = pt.id
         WHERE p.active),
    promo AS (
        SELECT DISTINCT ON (a.day, a.product_id, a.warehouse_id)
               a.day, a.product_id, a.warehouse_id, s.promotion_id
          FROM agg a JOIN scope s ON s.product_id = a.product_id
                                 AND a.day BETWEEN s.date_from AND s.date_to
                                 AND (s.warehouse_id IS NULL
                                      OR s.warehouse_id = a.warehouse_id)
         ORDER BY a.day, a.product_id, a.warehouse_id, s.uplift_percent DESC,
                  s.promotion_id),
    pairs AS (SELECT DISTINCT warehouse_id, product_id FROM agg
               WHERE warehouse_id IS NOT NULL),
    locs AS (
        SELECT w.id AS warehouse_id, l.id AS location_id
          FROM stock_warehouse w
          JOIN stock_location v ON v.id = w.view_location_id
          JOIN stock_location l ON l.parent_left >= v.parent_left
                               AND l.parent_left < v.parent_right
         WHERE l.usage = 'internal'
           AND w.id IN (SELECT warehouse_id FROM pairs)),
    onhand AS (
        SELECT lc.warehouse_id, q.product_id, SUM(q.quantity) AS qty
          FROM stock_quant q JOIN locs lc ON lc.location_id = q.location_id
          JOIN pairs pr ON pr.warehouse_id = lc.warehouse_id
                       AND pr.product_id = q.product_id
         GROUP BY lc.warehouse_id, q.product_id),
    flow AS (
        SELECT pr.warehouse_id, sm.product_id, sm.date::date AS day,
               SUM(CASE WHEN din.location_id IS NOT NULL THEN sm.product_qty
                        ELSE -sm.product_qty END) AS net
          FROM stock_move sm
          JOIN pairs pr ON pr.product_id = sm.product_id
          LEFT JOIN locs sin ON sin.location_id = sm.location_id
                            AND sin.warehouse_id = pr.warehouse_id
          LEFT JOIN locs din ON din.location_id = sm.location_dest_id
                            AND din.warehouse_id = pr.warehouse_id
         WHERE sm.state = 'done'
           AND sm.date >= (SELECT MIN(day) FROM agg)
           AND (sin.location_id IS NULL) <> (din.location_id IS NULL)
         GROUP BY pr.warehouse_id, sm.product_id, day),
    pairs_days AS (SELECT DISTINCT warehouse_id, product_id, day FROM agg
                    WHERE warehouse_id IS NOT NULL),
    daily AS (
        SELECT warehouse_id, product_id, day, SUM(net) AS net FROM (
            SELECT warehouse_id, product_id, day, net FROM flow
            UNION ALL
            SELECT warehouse_id, product_id, day, 0 FROM pairs_days) s
         GROUP BY warehouse_id, product_id, day),
    cum AS (
        SELECT warehouse_id, product_id, day,
               SUM(net) OVER (PARTITION BY warehouse_id, product_id
                              ORDER BY day DESC) - net AS after
          FROM daily)
"""


#: First and last order day of the confirmed orders and refunds.
DATE_BOUNDS = """
    SELECT MIN(date_order), MAX(date_order) FROM sale_order
     WHERE state IN ('sale', 'done')
"""


#: Role, warehouse and figures of pickings just validated (one row per
#: picking). Roles: the warehouse's pick / pack / delivery types, its
#: receipt type, the step into quality control (``check``) and the internal
#: type (``putaway``). Params: {"ids"}.
PICKING_STEPS = """
    SELECT p.id, w.id,
           CASE WHEN p.picking_type_id = w.pick_type_id THEN 'pick'
                WHEN p.picking_type_id = w.pack_type_id THEN 'pack'
                WHEN p.picking_type_id = w.out_type_id THEN 'ship'
                WHEN p.picking_type_id = w.in_type_id THEN 'receive'
                WHEN p.location_dest_id = w.wh_qc_stock_loc_id THEN 'check'
                WHEN p.picking_type_id = w.int_type_id THEN 'putaway'
           END AS role,
           w.delivery_steps, p.company_id
      FROM stock_picking p
      JOIN stock_picking_type t ON t.id = p.picking_type_id
      LEFT JOIN stock_warehouse w ON w.id = t.warehouse_id
     WHERE p.id = ANY(%(ids)s)
"""

#: Lines of pickings in bin order, with the bin code (source bin, or the
#: destination for receipts and put-away) and the product's ABC class.
#: Params: {"ids", "dest_ids"} (pickings walked to their destination bins).
PICKING_LINES = """
    SELECT ml.picking_id, ml.id,
           CASE WHEN ml.picking_id = ANY(%(dest_ids)s) THEN dl.ecom_code
                ELSE sl.ecom_code END AS code,
           pp.ecom_abc_class, ml.qty_done
      FROM stock_move_line ml
      JOIN stock_location sl ON sl.id = ml.location_id
      JOIN stock_location dl ON dl.id = ml.location_dest_id
      JOIN product_product pp ON pp.id = ml.product_id
     WHERE ml.picking_id = ANY(%(ids)s) AND ml.qty_done > 0
     ORDER BY ml.picking_id, code, ml.id
"""

#: Per day x user x role sums of the recorded steps. Params: {"first", "last"}.
STEP_SUMS = """
    SELECT day, user_id, role, SUM(lines), SUM(units), SUM(orders),
           SUM(CASE WHEN timed THEN duration_hours ELSE 0 END),
           SUM(CASE WHEN timed THEN lines ELSE 0 END),
           SUM(CASE WHEN timed THEN units ELSE 0 END),
           SUM(CASE WHEN timed THEN expected_seconds ELSE 0 END) / 3600.0
      FROM ecom_staff_step
     WHERE day BETWEEN %(first)s AND %(last)s
     GROUP BY day, user_id, role
"""

#: Count discrepancies (cycle counts validated in the period) charged to the
#: last user who picked from the counted bin before the count, on the day of
#: that pick. Params: {"first", "last"}.
COUNT_ERRORS = """
    SELECT s.day, s.user_id, s.role, COUNT(*)
      FROM stock_inventory_line il
      JOIN stock_inventory i ON i.id = il.inventory_id
      JOIN LATERAL (
          SELECT st.day, st.user_id, st.role FROM stock_move_line ml
            JOIN ecom_staff_step st ON st.picking_id = ml.picking_id
                                   AND st.role IN ('pick', 'putaway')
           WHERE (ml.location_id = il.location_id
                  OR ml.location_dest_id = il.location_id)
             AND st.date_end <= i.date
           ORDER BY st.date_end DESC LIMIT 1) s ON true
     WHERE i.state = 'done' AND COALESCE(il.ecom_difference_qty, 0) <> 0
       AND s.day BETWEEN %(first)s AND %(last)s
     GROUP BY s.day, s.user_id, s.role
"""

#: After-sales cases "wrong item" charged to the picker and packer of the
#: order's deliveries, on the day of their step. Params: {"first", "last"}.
WRONG_ITEM_ERRORS = """
    SELECT st.day, st.user_id, st.role, COUNT(DISTINCT r.id)
      FROM ecom_rma r
      JOIN stock_picking p ON p.sale_id = r.sale_order_id
      JOIN ecom_staff_step st ON st.picking_id = p.id
     WHERE r.reason = 'wrong_item' AND r.state NOT IN ('rejected', 'cancelled')
       AND st.role IN ('pick', 'pack')
       AND st.day BETWEEN %(first)s AND %(last)s
     GROUP BY st.day, st.user_id, st.role
"""

#: Customer messages and agent answers on channel orders, oldest first:
#: (thread, date, agent user id or None, channel id). Internal notes do not
#: answer anybody. Params: {"since", "note"}.
CS_MESSAGES = """
    SELECT m.res_id, m.date, u.id, so.ecom_channel_id
      FROM mail_message m
      JOIN sale_order so ON so.id = m.res_id
      LEFT JOIN res_users u ON u.partner_id = m.author_id AND NOT u.share
                           AND u.active
     WHERE m.model = 'sale.order' AND so.ecom_channel_id IS NOT NULL
       AND m.message_type IN ('email', 'comment')
       AND (u.id IS NULL OR m.subtype_id IS DISTINCT FROM %(note)s)
       AND m.res_id IN (SELECT res_id FROM mail_message
                         WHERE model = 'sale.order' AND date >= %(since)s)
     ORDER BY m.date, m.id
"""
