# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk_fill

from ..services import moving_average as ma

_logger = logging.getLogger(__name__)

KIND_SELECTION = [
    (ma.IN, "Receipt"),
    (ma.OUT, "Issue"),
    (ma.TRANSFER_IN, "Transfer in"),
    (ma.TRANSFER_OUT, "Transfer out"),
    (ma.RETURN, "Return"),
    (ma.LANDED, "Landed cost"),
]
INSERT_COLUMNS = ("warehouse_id", "product_id", "date", "move_id", "landed_cost_id",
                  "kind", "qty", "unit_cost", "qty_after", "avg_cost", "unabsorbed",
                  "is_last", "company_id")
LOG_COLUMNS = ("create_uid", "write_uid", "create_date", "write_date")
EVENT_QUERY = """
    SELECT m.id, m.date, m.product_id, m.location_id, m.location_dest_id,
           m.product_qty,
           -- stock_landed_costs adds validated landed costs into price_unit;
           -- they are replayed as their own events
           m.price_unit - COALESCE(m.landed_cost_value, 0)
               / NULLIF(m.product_qty, 0),
           m.origin_returned_move_id,
           (SELECT max(r.move_orig_id) FROM stock_move_move_rel r
             WHERE r.move_dest_id = m.id),
           -- the purchase price, per product unit, in the order's currency
           pol.price_unit * lu.factor / NULLIF(pu.factor, 0), po.currency_id,
           po.company_id
      FROM stock_move m
      LEFT JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
      LEFT JOIN purchase_order po ON po.id = pol.order_id
      LEFT JOIN product_uom lu ON lu.id = pol.product_uom
      LEFT JOIN product_product pp ON pp.id = m.product_id
      LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
      LEFT JOIN product_uom pu ON pu.id = pt.uom_id
     WHERE m.state = 'done' AND m.product_id = ANY(%s) {extra}
"""
LANDED_QUERY = """
    -- whole seconds, as move dates (write_date is the transaction's start,
    -- with microseconds: a landed cost validated in the second of a later
    -- move would sort after it)
    SELECT al.id, GREATEST(m.date, date_trunc('second', c.write_date)),
           m.product_id, m.id, m.location_dest_id, al.additional_landed_cost, c.id
      FROM stock_valuation_adjustment_lines al
      JOIN stock_landed_cost c ON c.id = al.cost_id
      JOIN stock_move m ON m.id = al.move_id
     WHERE c.state = 'done' AND m.product_id = ANY(%s) {extra}
"""


class EcomWarehouseCost(models.Model):
    """Moving-average cost per (warehouse, product): one row per movement.

    Kept beside the company valuation (which stays as Odoo keeps it). The
    rows are written only by this model, set-based: the install hook and the
    "Rebuild costs" action replay every done move of a batch of products
    (:meth:`_rebuild_products`); a validated move or landed cost appends rows
    from the last state (:meth:`_sync_moves`). The math is
    ``services/moving_average.py``. ``is_last`` marks the current cost of each
    (warehouse, product); :meth:`_cost_at` answers the cost at any date.
    """

    _name = "ecom.warehouse.cost"
    _description = "Warehouse cost history (moving average per warehouse and SKU)"
    _order = "date desc, id desc"
    _rec_name = "product_id"
    # keys off for good (ecom_base/tools/bulk_fill: one trigger per key and
    # row): their ON DELETE rule is applied by the unlink of warehouses,
    # companies and users (ecom.margin.line._ecom_apply_ondelete)
    _foreign_keys_off = ("warehouse_id", "company_id", "create_uid", "write_uid")

    warehouse_id = fields.Many2one("stock.warehouse", required=True, readonly=True,
                                   index=True, ondelete="cascade")
    # ecom_warehouse_cost_pair_date_idx (product first) serves the lookups
    product_id = fields.Many2one("product.product", required=True, readonly=True,
                                 ondelete="cascade")
    categ_id = fields.Many2one(related="product_id.categ_id", readonly=True,
                               string="Product Category")
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(required=True, readonly=True, index=True)
    move_id = fields.Many2one("stock.move", readonly=True, index=True,
                              ondelete="cascade")
    landed_cost_id = fields.Many2one("stock.landed.cost", readonly=True,
                                     ondelete="cascade")
    kind = fields.Selection(KIND_SELECTION, required=True, readonly=True)
    qty = fields.Float("Quantity", readonly=True,
                       help="Units in (+) or out (-) of the warehouse.")
    unit_cost = fields.Float(
        readonly=True, digits=(16, 6),
        help="Unit cost of the movement (for a landed cost: its amount).")
    qty_after = fields.Float("On Hand After", readonly=True)
    avg_cost = fields.Float("Average Cost After", readonly=True, digits=(16, 6),
                            group_operator="avg")
    unabsorbed = fields.Float(readonly=True,
                              help="Landed cost that found no stock to spread on.")
    # the current rows are read through ecom_warehouse_cost_last_idx (a
    # partial index: a few rows per product instead of every row)
    is_last = fields.Boolean("Current", readonly=True)

    @api.model_cr
    def init(self):
        bulk_fill.drop_keys_off(self)
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS ecom_warehouse_cost_pair_date_idx
                ON ecom_warehouse_cost (product_id, warehouse_id, date, id)""")
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS ecom_warehouse_cost_last_idx
                ON ecom_warehouse_cost (product_id, warehouse_id) WHERE is_last""")

    # ------------------------------------------------------------------
    # queries
    # ------------------------------------------------------------------
    @api.model
    def _cost_at(self, pairs, date=None):
        """{(warehouse_id, product_id): average cost} at ``date`` (a datetime
        string; None: now) for the pairs given, one query. Pairs without any
        movement are missing from the answer."""
        pairs = list(set(pairs))
        if not pairs:
            return {}
        cr = self.env.cr
        if date is None:
            cr.execute("""
                SELECT warehouse_id, product_id, avg_cost FROM ecom_warehouse_cost
                 WHERE is_last AND product_id = ANY(%s)""",
                       ([p for _w, p in pairs],))
        else:
            cr.execute("""
                SELECT DISTINCT ON (product_id, warehouse_id)
                       warehouse_id, product_id, avg_cost
                  FROM ecom_warehouse_cost
                 WHERE product_id = ANY(%s) AND date <= %s
              ORDER BY product_id, warehouse_id, date DESC, id DESC""",
                       ([p for _w, p in pairs], date))
        wanted = set(pairs)
        return {(w, p): c for w, p, c in cr.fetchall() if (w, p) in wanted}

    @api.model
    def _location_warehouses(self):
        """{internal location id: warehouse id} (a few hundred rows)."""
        cr = self.env.cr
        cr.execute("""
            SELECT w.id, v.parent_left, v.parent_right FROM stock_warehouse w
              JOIN stock_location v ON v.id = w.view_location_id""")
        ranges = cr.fetchall()
        cr.execute("SELECT id, parent_left FROM stock_location "
                   "WHERE usage = 'internal'")
        result = {}
        for loc_id, left in cr.fetchall():
            for wh_id, low, high in ranges:
                if left is not None and low is not None and low <= left <= high:
                    result[loc_id] = wh_id
                    break
        return result

    @api.model
    def _read_events(self, product_ids, loc_wh, move_ids=None, landed_ids=None):
        """Events of ``product_ids`` (all done moves and landed costs, or only
        ``move_ids`` / ``landed_ids``)."""
        cr = self.env.cr
        events, rates = [], {}
        if move_ids is None or move_ids:
            extra, params = "", [list(product_ids)]
            if move_ids is not None:
                extra, params = "AND m.id = ANY(%s)", params + [list(move_ids)]
            cr.execute(EVENT_QUERY.format(extra=extra), params)
            for (move_id, date, product_id, src, dst, qty, price, returned,
                 orig, po_price, po_currency, po_company) in cr.fetchall():
                src_wh, dst_wh = loc_wh.get(src), loc_wh.get(dst)
                if src_wh == dst_wh or not qty:
                    continue
                if po_price is not None and src_wh is None:
                    # a receipt: its purchase price (Odoo overwrites price_unit
                    # with the standard price of standard-costed products)
                    price = self._purchase_price(po_price, po_currency, po_company,
                                                 date, rates)
                events.append(ma.move_event(
                    move_id, date, product_id, move_id, src_wh, dst_wh, qty,
                    price_unit=price, origin_move_id=returned or orig,
                    is_return=bool(returned)))
        if landed_ids is None or landed_ids:
            extra, params = "", [list(product_ids)]
            if landed_ids is not None:
                extra, params = "AND c.id = ANY(%s)", params + [list(landed_ids)]
            cr.execute(LANDED_QUERY.format(extra=extra), params)
            for line_id, date, product_id, move_id, dst, amount, cost_id in \
                    cr.fetchall():
                dst_wh = loc_wh.get(dst)
                if dst_wh and amount:
                    events.append(ma.landed_event(line_id, date, product_id, move_id,
                                                  dst_wh, amount, cost_id))
        return events

    @api.model
    def _purchase_price(self, price, currency_id, company_id, date, cache):
        """``price`` of a purchase in company currency at ``date`` (cached per
        currency, company and day)."""
        company_currency = self.env["res.company"].browse(company_id).currency_id
        if not currency_id or currency_id == company_currency.id:
            return price
        key = (currency_id, company_id, str(date)[:10])
        if key not in cache:
            cache[key] = self.env["res.currency"].with_context(
                date=key[2], company_id=company_id)._get_conversion_rate(
                    self.env["res.currency"].browse(currency_id), company_currency)
        return price * cache[key]

    @api.model
    def _fallback_costs(self, product_ids):
        # sudo: standard prices (company-dependent properties) read for the
        # computation only; the callers store costs, no partner data
        products = self.env["product.product"].sudo().browse(list(product_ids))
        return {p.id: p.standard_price for p in products.with_context(
            prefetch_fields=False)}

    # ------------------------------------------------------------------
    # writes
    # ------------------------------------------------------------------
    @api.model
    def _insert(self, rows, company_id, fresh=False):
        """Store history rows (moving_average.Row); the last one of each
        (warehouse, product) becomes the current one. ``fresh``: the pairs
        have no rows (a replay has just deleted them), no current row to
        clear."""
        if not rows:
            return
        last = {}
        for index, row in enumerate(rows):
            last[(row.warehouse_id, row.product_id)] = index
        cr = self.env.cr
        if not fresh:
            # a join on the pairs (a long IN list of row values is compared
            # row by row), passed as two arrays (no VALUES literals to parse)
            cr.execute("""
                UPDATE ecom_warehouse_cost h SET is_last = false
                  FROM unnest(%s::int[], %s::int[]) AS v(warehouse_id, product_id)
                 WHERE h.is_last AND h.warehouse_id = v.warehouse_id
                   AND h.product_id = v.product_id""",
                       ([w for w, _p in last], [p for _w, p in last]))
        last_index = set(last.values())
        uid, now, null = int(self.env.uid), bulk_fill.db_now(cr), bulk_fill.NULL
        company = null if company_id is None else company_id
        bulk_fill.copy_rows(cr, self._table, INSERT_COLUMNS + LOG_COLUMNS, [
            (row.warehouse_id, row.product_id, row.date,
             null if row.move_id is None else row.move_id,
             null if row.landed_cost_id is None else row.landed_cost_id,
             row.kind, row.qty, row.unit_cost, row.qty_after, row.avg_after,
             row.unabsorbed, index in last_index, company, uid, uid, now, now)
            for index, row in enumerate(rows)])
        self.invalidate_cache()

    @api.model
    def _rebuild_products(self, product_ids, loc_wh=None):
        """Replay every movement of ``product_ids``; the number of rows."""
        product_ids = list(product_ids)
        if not product_ids:
            return 0
        loc_wh = loc_wh if loc_wh is not None else self._location_warehouses()
        events = self._read_events(product_ids, loc_wh)
        rows = ma.replay(events, fallback_costs=self._fallback_costs(
            {e.product_id for e in events if e.dst_wh and not e.price_unit
             and not e.origin_move_id and e.src_wh is None}))
        self.env.cr.execute(
            "DELETE FROM ecom_warehouse_cost WHERE product_id = ANY(%s)",
            (product_ids,))
        self._insert(rows, self.env.user.company_id.id, fresh=True)
        return len(rows)

    @api.model
    def _sync_moves(self, move_ids=(), landed_cost_ids=()):
        """Append the rows of newly done moves / validated landed costs.

        Continues from each pair's current state; a product with history
        later than one of its new movements (a back-dated move) is replayed
        from its first move instead. Answers the sale line ids whose
        shipment cost changed.
        """
        move_ids, landed_cost_ids = list(move_ids), list(landed_cost_ids)
        if not move_ids and not landed_cost_ids:
            return []
        cr = self.env.cr
        product_ids = set()
        if move_ids:
            cr.execute("""
                SELECT DISTINCT m.product_id FROM stock_move m
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE m.id = ANY(%s) AND m.state = 'done' AND pt.type = 'product'
                   AND NOT EXISTS (SELECT 1 FROM ecom_warehouse_cost h
                                    WHERE h.move_id = m.id AND h.kind != 'landed')""",
                       (move_ids,))
            product_ids |= {r[0] for r in cr.fetchall()}
        if landed_cost_ids:
            cr.execute("""
                SELECT DISTINCT m.product_id FROM stock_valuation_adjustment_lines al
                  JOIN stock_move m ON m.id = al.move_id
                 WHERE al.cost_id = ANY(%s)
                   AND NOT EXISTS (SELECT 1 FROM ecom_warehouse_cost h
                                    WHERE h.landed_cost_id = al.cost_id)""",
                       (landed_cost_ids,))
            product_ids |= {r[0] for r in cr.fetchall()}
        if not product_ids:
            return []
        product_ids = list(product_ids)
        loc_wh = self._location_warehouses()
        events = self._read_events(product_ids, loc_wh, move_ids=move_ids,
                                   landed_ids=landed_cost_ids)
        # new rows must come after the history of their product
        first_new = {}
        for event in events:
            if event.product_id not in first_new or \
                    event.date < first_new[event.product_id]:
                first_new[event.product_id] = event.date
        cr.execute("""
            SELECT product_id, max(date) FROM ecom_warehouse_cost
             WHERE product_id = ANY(%s) AND is_last GROUP BY product_id""",
                   (product_ids,))
        backdated = {p for p, last in cr.fetchall()
                     if p in first_new and last and first_new[p] < last}
        for product_id in backdated:
            _logger.info("ecom_margin: product %s has a back-dated movement, "
                         "its costs are replayed", product_id)
        self._rebuild_products(backdated, loc_wh)
        events = [e for e in events if e.product_id not in backdated]
        forward = {e.product_id for e in events}
        if forward:
            states, move_costs = self._states(forward, events)
            rows = ma.replay(events, states=states, move_costs=move_costs,
                             fallback_costs=self._fallback_costs(
                                 {e.product_id for e in events
                                  if e.dst_wh and e.src_wh is None
                                  and not e.price_unit and not e.origin_move_id}))
            self._insert(rows, self.env.user.company_id.id)
        return self._sale_lines_of_products(backdated, move_ids)

    @api.model
    def _states(self, product_ids, events):
        """Current states of the products' pairs and the unit costs of the
        origin moves the events refer to (two queries)."""
        cr = self.env.cr
        cr.execute("""
            SELECT warehouse_id, product_id, qty_after, avg_cost
              FROM ecom_warehouse_cost WHERE is_last AND product_id = ANY(%s)""",
                   (list(product_ids),))
        states = {(w, p): ma.State(q, c) for w, p, q, c in cr.fetchall()}
        origins = list({e.origin_move_id for e in events if e.origin_move_id})
        move_costs = {}
        if origins:
            cr.execute("""
                SELECT move_id, unit_cost FROM ecom_warehouse_cost
                 WHERE move_id = ANY(%s) AND kind IN ('out', 'transfer_out')""",
                       (origins,))
            move_costs = dict(cr.fetchall())
        return states, move_costs

    @api.model
    def _sale_lines_of_products(self, product_ids, move_ids):
        cr = self.env.cr
        # two index reads (an OR of both conditions scans every move)
        cr.execute("""
            SELECT sale_line_id FROM stock_move
             WHERE id = ANY(%s) AND sale_line_id IS NOT NULL
             UNION
            SELECT sale_line_id FROM stock_move
             WHERE product_id = ANY(%s) AND state = 'done'
               AND sale_line_id IS NOT NULL""",
                   (list(move_ids), list(product_ids)))
        return [r[0] for r in cr.fetchall()]

    @api.model
    def _sync_pending(self, since=None):
        """Catch up with done moves that have no history row yet (cron and
        benchmark): moves done since ``since`` (default: the last sync)."""
        # sudo: the add-on's own watermark parameter (a date), nothing else
        params = self.env["ir.config_parameter"].sudo()
        started = fields.Datetime.now()
        since = since or params.get_param("ecom_margin.cost_synced_until") or \
            "1970-01-01 00:00:00"
        cr = self.env.cr
        cr.execute("""
            SELECT m.id FROM stock_move m
             WHERE m.state = 'done' AND m.date >= %s::timestamp - interval '1 hour'
               AND NOT EXISTS (SELECT 1 FROM ecom_warehouse_cost h
                                WHERE h.move_id = m.id AND h.kind != 'landed')""",
                   (since,))
        move_ids = [r[0] for r in cr.fetchall()]
        lines = self._sync_moves(move_ids)
        params.set_param("ecom_margin.cost_synced_until", started)
        return move_ids, lines

    @api.model
    def _cron_sync(self):
        _moves, lines = self._sync_pending()
        self.env["ecom.margin.line"]._refresh_sale_lines(lines)
        return True

    @api.model
    def _all_product_ids(self):
        cr = self.env.cr
        cr.execute("""
            SELECT DISTINCT m.product_id FROM stock_move m
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE m.state = 'done' AND pt.type = 'product'
          ORDER BY m.product_id""")
        return [r[0] for r in cr.fetchall()]
