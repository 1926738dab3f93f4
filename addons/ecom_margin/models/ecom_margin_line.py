# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk, bulk_fill

from ..services import margin
from . import ecom_margin_line_sql as msql

_logger = logging.getLogger(__name__)

STATES = [("estimated", "Estimated"), ("shipped", "Shipped"), ("settled", "Settled")]
AMOUNTS = ("revenue", "cost", "fee", "shipping", "packaging", "return_cost", "margin")
UPSERT_COLUMNS = ("sale_line_id", "order_id", "order_ref", "channel_id",
                  "warehouse_id", "product_id", "categ_id", "company_id", "date",
                  "qty", "unit_cost") + AMOUNTS + ("margin_percent", "state")
LINES_SELECT = """
    SELECT l.id, l.order_id, o.name AS order_ref, o.ecom_channel_id AS channel_id,
           o.warehouse_id, l.product_id, pt.categ_id, o.company_id,
           o.date_order::date AS date,
           l.product_uom_qty / u.factor * u2.factor AS qty,
           l.price_subtotal, pl.currency_id
      FROM sale_order_line l
      JOIN sale_order o ON o.id = l.order_id
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_uom u ON u.id = l.product_uom
      JOIN product_uom u2 ON u2.id = pt.uom_id
      LEFT JOIN product_pricelist pl ON pl.id = o.pricelist_id
     WHERE {where} o.ecom_channel_id IS NOT NULL
       AND o.state IN ('sale', 'done') AND pt.type IN ('product', 'consu')
       AND NOT COALESCE(l.is_delivery, false)
"""
LINES_QUERY = LINES_SELECT.format(where="l.order_id = ANY(%s) AND")

SHIPPED_QUERY = """
    SELECT m.sale_line_id, sum(-h.qty) AS qty, sum(-h.qty * h.unit_cost) AS value
      FROM ecom_warehouse_cost h JOIN stock_move m ON m.id = h.move_id
     WHERE {where} h.kind = 'out'
  GROUP BY m.sale_line_id"""


class EcomMarginLine(models.Model):
    """Contribution margin of one channel order line, in company currency.

    Written only set-based (:meth:`_refresh_orders`): at confirmation
    (``estimated``: current warehouse cost, estimated shipping), when the
    delivery is done (``shipped``: the warehouse cost the units left with),
    when real shipping costs are imported, and by the rebuild. ``settled``
    is set by the settlement of the channel (``ecom_settlement``) and is not
    recomputed. The formula is ``services/margin.py``. No customer data: the
    order is named by its reference only.
    """

    _name = "ecom.margin.line"
    _description = "Contribution margin per order line"
    _order = "date desc, id desc"
    _rec_name = "order_ref"
    _BATCH_ORDERS = 2000
    # orders per statement of the rebuild's set-based formula
    _BATCH_ORDERS_REBUILD = 40000
    # keys off for good (ecom_base/tools/bulk_fill: one trigger per key and
    # row, 7 of the 9 keys of every write): their ON DELETE rule is applied
    # by the unlink of users, companies, categories, channels and warehouses
    # (_ecom_apply_ondelete); a deleted order deletes its lines, whose key
    # (sale_line_id, cascade) stays and deletes their margin lines
    _foreign_keys_off = ("order_id", "channel_id", "warehouse_id", "categ_id",
                         "company_id", "create_uid", "write_uid")

    # the unique constraint's index serves the lookups by order line
    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True,
                                   ondelete="cascade")
    order_id = fields.Many2one("sale.order", readonly=True, index=True,
                               ondelete="cascade")
    order_ref = fields.Char("Order", readonly=True)
    channel_id = fields.Many2one("ecom.channel", readonly=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True, index=True)
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    categ_id = fields.Many2one("product.category", "Product Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date("Order Date", readonly=True, index=True)
    qty = fields.Float("Units", readonly=True)
    unit_cost = fields.Float(readonly=True, digits=(16, 4),
                             group_operator="avg")
    revenue = fields.Float(readonly=True, help="Price after discounts, untaxed.")
    cost = fields.Float(readonly=True, help="Warehouse cost of the units.")
    fee = fields.Float("Channel Fees", readonly=True)
    shipping = fields.Float(readonly=True)
    packaging = fields.Float(readonly=True)
    return_cost = fields.Float("Expected Return Cost", readonly=True)
    margin = fields.Float("Contribution Margin", readonly=True)
    margin_percent = fields.Float("Margin (%)", readonly=True, group_operator="avg",
                                  help="In groups: margin / revenue of the group.")
    state = fields.Selection(STATES, readonly=True, index=True)

    _sql_constraints = [
        ("sale_line_uniq", "unique(sale_line_id)",
         "One margin line per order line."),
    ]

    @api.model_cr
    def init(self):
        bulk_fill.drop_keys_off(self)
        self.env.cr.execute(msql.ROUND_FUNCTIONS)
        # the margins read the delivery moves of their order lines (core
        # leaves stock_move.sale_line_id without an index: a scan of every
        # move per batch of order lines)
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS ecom_margin_stock_move_sale_line_idx
                ON stock_move (sale_line_id) WHERE sale_line_id IS NOT NULL""")

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None,
                   orderby=False, lazy=True):
        """Margin % of a group is its margin over its revenue (not the mean of
        the lines' percentages)."""
        result = super().read_group(domain, fields, groupby, offset=offset,
                                    limit=limit, orderby=orderby, lazy=lazy)
        if any(f.split(":")[0] == "margin_percent" for f in fields):
            for row in result:
                revenue, margin_ = row.get("revenue"), row.get("margin")
                if revenue is not None and margin_ is not None:
                    row["margin_percent"] = round(100.0 * margin_ / revenue, 2) \
                        if revenue else 0.0
        return result

    # ------------------------------------------------------------------
    # refresh
    # ------------------------------------------------------------------
    @api.model
    def _channel_order_ids(self):
        self.env.cr.execute("""
            SELECT id FROM sale_order WHERE ecom_channel_id IS NOT NULL
               AND state IN ('sale', 'done') ORDER BY id""")
        return [r[0] for r in self.env.cr.fetchall()]

    @api.model
    def _refresh_sale_lines(self, sale_line_ids):
        if not sale_line_ids:
            return 0
        self.env.cr.execute(
            "SELECT DISTINCT order_id FROM sale_order_line WHERE id = ANY(%s)",
            (list(sale_line_ids),))
        return self._refresh_orders([r[0] for r in self.env.cr.fetchall()])

    @api.model
    def _refresh_orders(self, order_ids):
        """Recompute the margin lines of these orders; the number written."""
        order_ids = list(order_ids)
        if not order_ids:
            return 0
        written = 0
        size = self._BATCH_ORDERS_REBUILD if self.env.context.get(
            "ecom_margin_lines_table") else self._BATCH_ORDERS
        for start in range(0, len(order_ids), size):
            written += self._refresh_batch(order_ids[start:start + size])
        self.invalidate_cache()
        return written

    @api.model
    def _refresh_batch(self, order_ids):
        if self.env.context.get("ecom_margin_lines_table"):
            return self._refresh_batch_sql(order_ids)
        cr = self.env.cr
        cr.execute(LINES_QUERY, (order_ids,))
        rows = cr.fetchall()
        raw = self._to_company_currency(rows)
        # lines no longer eligible (cancelled orders, removed lines)
        cr.execute("""
            DELETE FROM ecom_margin_line WHERE order_id = ANY(%s)
               AND state != 'settled' AND NOT (sale_line_id = ANY(%s))""",
                   (order_ids, [r[0] for r in raw]))
        if not raw:
            return 0
        line_ids = [r[0] for r in raw]
        shipped = self._shipped_costs(line_ids)
        pairs = {(r[4], r[5]) for r in raw}
        current = self.env["ecom.warehouse.cost"]._cost_at(pairs)
        missing = {p for w, p in pairs if (w, p) not in current}
        fallback = self.env["ecom.warehouse.cost"]._fallback_costs(missing) \
            if missing else {}
        channel_ids = {r[3] for r in raw}
        # sudo: the packaging and return costs of the channels are read for the
        # computation only (a warehouse user validating a delivery triggers it)
        channels = {channel.id: (channel.packaging_cost_order,
                                 channel.packaging_cost_unit,
                                 channel.return_handling_cost)
                    for channel in self.env["ecom.channel"].sudo().browse(
                        list(channel_ids))}
        rules = self.env["ecom.channel.fee.rule"]._rules_by_channel(channel_ids)
        shipping = self.env["sale.order"]._ecom_shipping_costs(
            list({r[1] for r in raw}))
        ancestors = self._category_ancestors()
        return_rates = self._return_rates(channel_ids, {r[5] for r in raw})
        orders, lines, rules_by_order, states = {}, [], {}, {}
        for (line_id, order_id, _name, channel_id, wh_id, product_id, categ_id,
             _company, date, qty, revenue) in raw:
            if order_id not in orders:
                orders[order_id] = margin.Order(
                    order_id, shipping.get(order_id, 0.0), *channels[channel_id])
                rules_by_order[order_id] = rules.get(channel_id, [])
            current_cost = current.get((wh_id, product_id),
                                       fallback.get(product_id, 0.0))
            shipped_qty, shipped_value = shipped.get(line_id, (0.0, 0.0))
            rest = max((qty or 0.0) - shipped_qty, 0.0)
            total_cost = shipped_value + rest * current_cost
            unit_cost = total_cost / qty if qty else 0.0
            states[line_id] = "shipped" if qty and shipped_qty >= qty - 1e-6 \
                else "estimated"
            lines.append(margin.Line(
                line_id, order_id, revenue or 0.0, qty or 0.0,
                ancestors.get(categ_id, (categ_id,)), str(date), unit_cost,
                return_rates.get((channel_id, product_id), 0.0)))
        results = {r.key: r for r in margin.compute_orders(orders, lines,
                                                           rules_by_order)}
        by_key = {line.key: line for line in lines}
        values = []
        for (line_id, order_id, name, channel_id, wh_id, product_id, categ_id,
             company_id, date, qty, _revenue) in raw:
            res = results[line_id]
            values.append((line_id, order_id, name, channel_id, wh_id, product_id,
                           categ_id, company_id, date, qty or 0.0,
                           round(by_key[line_id].unit_cost, 4),
                           res.revenue, res.cost, res.fee, res.shipping,
                           res.packaging, res.return_cost, res.margin,
                           res.margin_percent, states[line_id]))
        self._upsert(values)
        return len(values)

    @api.model
    def _to_company_currency(self, raw):
        """Rows with the revenue in company currency (the order currency's
        rate at the order date; one rate lookup per currency, company, day)."""
        companies = {}
        rates = {}
        result = []
        for row in raw:
            revenue, currency_id, company_id, date = row[10], row[11], row[7], row[8]
            if company_id not in companies:
                companies[company_id] = self.env["res.company"].browse(
                    company_id).currency_id
            company_currency = companies[company_id]
            if currency_id and currency_id != company_currency.id:
                key = (currency_id, company_id, date)
                if key not in rates:
                    rates[key] = self.env["res.currency"].with_context(
                        date=str(date), company_id=company_id)._get_conversion_rate(
                            self.env["res.currency"].browse(currency_id),
                            company_currency)
                revenue = (revenue or 0.0) * rates[key]
            result.append(row[:10] + (revenue,))
        return result

    @api.model
    def _upsert(self, values):
        """Insert or update (unless settled) the rows ``values`` (tuples in
        the order of UPSERT_COLUMNS): COPY into a scratch table, then one
        INSERT ... ON CONFLICT from it."""
        if not values:
            return
        cr = self.env.cr
        null = bulk_fill.NULL
        columns = ", ".join(UPSERT_COLUMNS)
        # the scratch table has the columns (and types) of the margin lines;
        # the column names are this module's constants
        cr.execute(  # pylint: disable=sql-injection
            "CREATE TEMP TABLE ecom_margin_line_fill AS SELECT %s FROM "
            "ecom_margin_line LIMIT 0" % columns)
        bulk_fill.copy_rows(cr, "ecom_margin_line_fill", UPSERT_COLUMNS, [
            (row[0], row[1], bulk_fill.copy_text(row[2]),
             *(null if value is None else value for value in row[3:]))
            for row in values])
        self._upsert_fill_table("ecom_margin_line_fill")
        cr.execute("DROP TABLE ecom_margin_line_fill")

    @api.model
    def _upsert_fill_table(self, source):
        """Insert or update (unless settled) the rows of ``source`` (SQL of a
        relation with the columns of UPSERT_COLUMNS, this module's)."""
        cr = self.env.cr
        uid, now = int(self.env.uid), bulk_fill.db_now(cr)
        columns = ", ".join(UPSERT_COLUMNS)
        update = ", ".join("%s = EXCLUDED.%s" % (c, c) for c in UPSERT_COLUMNS[1:])
        cr.execute(
            "INSERT INTO ecom_margin_line (%s, create_uid, write_uid, create_date, "
            "write_date) SELECT %s, %d, %d, %%s, %%s FROM %s "
            "ON CONFLICT (sale_line_id) DO UPDATE SET %s, "
            "write_date = EXCLUDED.write_date WHERE ecom_margin_line.state != "
            "'settled'" % (columns, columns, uid, uid, source, update), (now, now))

    @api.model
    def _shipped_costs(self, sale_line_ids):
        """{sale line id: (units shipped, their warehouse cost)} from the
        issues of the lines' delivery moves."""
        self.env.cr.execute(SHIPPED_QUERY.format(where="m.sale_line_id = ANY(%s) AND"),
                            (list(sale_line_ids),))
        return {r[0]: (r[1] or 0.0, r[2] or 0.0) for r in self.env.cr.fetchall()}

    @api.model
    def _prepare_rebuild_tables(self):
        """The figures of every channel order line with its shipped units and
        cost, for a rebuild, in a scratch table (this session) ordered by
        order and line; this model with the context that reads it.

        Two joins of whole tables (issues with their moves, then the order
        lines with their orders and products); the batches then read their
        orders' rows side by side. Otherwise each line costs index reads
        scattered over tables larger than the cache: its order line, its
        moves, their issue rows (at 1,000,000 lines: 160 ms a batch for the
        lines, 38 of the 250 s of the rebuild for the shipped costs)."""
        cr = self.env.cr
        self._drop_rebuild_tables()
        # the queries are this module's constants
        query = "CREATE TEMP TABLE ecom_margin_shipped AS %s" \
            % SHIPPED_QUERY.format(where="m.sale_line_id IS NOT NULL AND")
        cr.execute(query)  # pylint: disable=sql-injection
        query = """
            CREATE TEMP TABLE ecom_margin_lines AS
            SELECT x.*, s.sale_line_id IS NOT NULL AS shipped,
                   s.qty AS shipped_qty, s.value AS shipped_value
              FROM (%s) x LEFT JOIN ecom_margin_shipped s ON s.sale_line_id = x.id
          ORDER BY x.order_id, x.id""" % LINES_SELECT.format(where="")
        cr.execute(query)  # pylint: disable=sql-injection
        cr.execute("DROP TABLE ecom_margin_shipped")
        cr.execute("CREATE INDEX ON ecom_margin_lines (order_id)")
        cr.execute("ANALYZE ecom_margin_lines")
        self._prepare_rebuild_inputs()
        return self.with_context(ecom_margin_lines_table=True)

    @api.model
    def _prepare_rebuild_inputs(self):
        """What a batch reads in Python (ORM or not), for every line of the
        scratch table, in session tables for the SQL formula: currency rates,
        fallback costs, return rates, fee rules (in their order), category
        ancestors. The same functions a batch calls, so the same values."""
        cr = self.env.cr
        # made by init() too; again here for a database whose module was not
        # updated since (the definitions are this module's)
        cr.execute(msql.ROUND_FUNCTIONS)
        cr.execute(msql.INPUT_TABLES)
        cr.execute("""
            SELECT DISTINCT x.currency_id, x.company_id, x.date
              FROM ecom_margin_lines x JOIN res_company c ON c.id = x.company_id
             WHERE x.currency_id IS NOT NULL AND x.currency_id != c.currency_id""")
        rates = []
        for currency_id, company_id, date in cr.fetchall():
            rate = self.env["res.currency"].with_context(
                date=str(date), company_id=company_id)._get_conversion_rate(
                    self.env["res.currency"].browse(currency_id),
                    self.env["res.company"].browse(company_id).currency_id)
            rates.append((currency_id, company_id, str(date), repr(rate)))
        cr.execute("""
            SELECT DISTINCT x.product_id FROM ecom_margin_lines x
             WHERE NOT EXISTS (SELECT 1 FROM ecom_warehouse_cost h
                                WHERE h.is_last AND h.product_id = x.product_id
                                  AND h.warehouse_id = x.warehouse_id)""")
        fallback = self.env["ecom.warehouse.cost"]._fallback_costs(
            {r[0] for r in cr.fetchall()})
        cr.execute("SELECT DISTINCT channel_id FROM ecom_margin_lines")
        channel_ids = {r[0] for r in cr.fetchall()}
        cr.execute("SELECT DISTINCT product_id FROM ecom_margin_lines")
        returns = self._return_rates(channel_ids, {r[0] for r in cr.fetchall()})
        rules = self.env["ecom.channel.fee.rule"]._rules_by_channel(channel_ids)
        null = bulk_fill.NULL
        tables = {
            "ecom_margin_in_rates": (("currency_id", "company_id", "date", "rate"),
                                     rates),
            "ecom_margin_in_fallback": (("product_id", "cost"), [
                (product_id, repr(cost)) for product_id, cost in fallback.items()]),
            "ecom_margin_in_returns": (("channel_id", "product_id", "rate"), [
                (c, p, repr(rate)) for (c, p), rate in returns.items()]),
            "ecom_margin_in_rules": (
                ("channel_id", "seq", "kind", "value", "categ_id", "date_from",
                 "date_to"),
                [(channel_id, seq, rule.kind, repr(float(rule.value)),
                  rule.categ_id or null, rule.date_from or null,
                  rule.date_to or null)
                 for channel_id, channel_rules in rules.items()
                 for seq, rule in enumerate(channel_rules)]),
            "ecom_margin_in_ancestors": (("categ_id", "ancestor_id"), [
                (categ, ancestor)
                for categ, chain in self._category_ancestors().items()
                for ancestor in chain]),
        }
        for table, (columns, rows) in tables.items():
            bulk_fill.copy_rows(cr, table, columns, rows)
            cr.execute("ANALYZE %s" % table)  # pylint: disable=sql-injection

    @api.model
    def _refresh_batch_sql(self, order_ids):
        """_refresh_batch for the orders of the rebuild's scratch table, in
        SQL (models/ecom_margin_line_sql.py): the same lines, to the bit."""
        cr = self.env.cr
        # the unit cost (numeric) is written from the float's shortest text
        cr.execute("SET LOCAL extra_float_digits = 1")
        self._drop_chunk_tables()
        cr.execute(msql.CALC_LINES, (list(order_ids),))
        # lines no longer eligible (cancelled orders, removed lines)
        cr.execute("""
            DELETE FROM ecom_margin_line m WHERE m.order_id = ANY(%s)
               AND m.state != 'settled' AND NOT EXISTS (
                   SELECT 1 FROM ecom_margin_calc l WHERE l.id = m.sale_line_id)""",
                   (list(order_ids),))
        cr.execute("SELECT count(*) FROM ecom_margin_calc")
        count = cr.fetchone()[0]
        if count:
            cr.execute("ANALYZE ecom_margin_calc")
            for query in (msql.ALLOCATION_INPUT, msql.ALLOCATION, msql.FEES):
                cr.execute(query)
            self._upsert_fill_table("(%s) f" % msql.RESULT)
        self._drop_chunk_tables()
        return count

    @api.model
    def _refresh_delivered_since(self, since):
        """Refresh the channel orders with a delivery done since ``since``
        (less an hour, as the cron's catch-up: a move's date is set before
        its transaction commits); the number of lines written."""
        self.env.cr.execute("""
            SELECT DISTINCT l.order_id FROM stock_move m
              JOIN sale_order_line l ON l.id = m.sale_line_id
              JOIN sale_order o ON o.id = l.order_id
             WHERE m.state = 'done' AND m.sale_line_id IS NOT NULL
               AND m.date >= %s::timestamp - interval '1 hour'
               AND o.ecom_channel_id IS NOT NULL AND o.state IN ('sale', 'done')""",
                            (since,))
        return self._refresh_orders(sorted(r[0] for r in self.env.cr.fetchall()))

    @api.model
    def _drop_tables(self, names):
        for table in names:
            # names are this module's constants
            self.env.cr.execute(  # pylint: disable=sql-injection
                "DROP TABLE IF EXISTS %s" % table)

    @api.model
    def _drop_chunk_tables(self):
        self._drop_tables(msql.CHUNK_TABLES)

    @api.model
    def _drop_rebuild_tables(self):
        self._drop_tables(("ecom_margin_shipped", "ecom_margin_lines")
                          + tuple(msql.INPUT_NAMES))

    @api.model
    def _category_ancestors(self):
        """{category id: (it, its parent, ...)} (categories are few)."""
        self.env.cr.execute("SELECT id, parent_id FROM product_category")
        parent = dict(self.env.cr.fetchall())
        result = {}
        for categ in parent:
            chain, node = [], categ
            while node and node not in chain:
                chain.append(node)
                node = parent.get(node)
            result[categ] = tuple(chain)
        return result

    @api.model
    def _return_rates(self, channel_ids, product_ids):
        """{(channel id, product id): expected share of units returned}.

        Only when ``ecom_rma`` is installed (a soft check: this add-on does
        not depend on it): units returned on RMA lines of the last 365 days
        over units sold on the channel in that period. Without ``ecom_rma``,
        or when its tables do not have the expected columns, no return cost.
        """
        if "ecom.rma.line" not in self.env or "ecom.rma" not in self.env:
            return {}
        rma_line = self.env["ecom.rma.line"]
        rma = self.env["ecom.rma"]
        qty_field = next((f for f in ("qty_received", "qty_requested", "qty")
                          if f in rma_line._fields), None)
        if not qty_field or "product_id" not in rma_line._fields or \
                "channel_id" not in rma._fields or "rma_id" not in rma_line._fields:
            return {}
        cr = self.env.cr
        # the pairs with returns first (an index read of the RMA lines): the
        # units sold are summed for those only (the sum reads every order
        # line of the channels: once per batch of a rebuild, for nothing,
        # when the batch's products had no returns)
        cr.execute("""
            SELECT DISTINCT r.channel_id, l.product_id
              FROM {line_table} l JOIN {rma_table} r ON r.id = l.rma_id
             WHERE r.channel_id = ANY(%s) AND l.product_id = ANY(%s)
               AND l.create_date >= now() - interval '365 days'""".format(
            line_table=rma_line._table, rma_table=rma._table),
                   (list(channel_ids), list(product_ids)))
        returned = cr.fetchall()
        if not returned:
            return {}
        channel_ids = list({c for c, _p in returned})
        product_ids = list({p for _c, p in returned})
        cr.execute("""
            WITH returned AS (
                SELECT r.channel_id, l.product_id, sum(l.{qty}) AS qty
                  FROM {line_table} l JOIN {rma_table} r ON r.id = l.rma_id
                 WHERE r.channel_id = ANY(%s) AND l.product_id = ANY(%s)
                   AND l.create_date >= now() - interval '365 days'
              GROUP BY r.channel_id, l.product_id),
            sold AS (
                SELECT o.ecom_channel_id AS channel_id, l.product_id,
                       sum(l.product_uom_qty) AS qty
                  FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
                 WHERE o.ecom_channel_id = ANY(%s) AND l.product_id = ANY(%s)
                   AND o.state IN ('sale', 'done')
                   AND o.date_order >= now() - interval '365 days'
              GROUP BY o.ecom_channel_id, l.product_id)
            SELECT s.channel_id, s.product_id, LEAST(r.qty / s.qty, 1.0)
              FROM sold s JOIN returned r USING (channel_id, product_id)
             WHERE s.qty > 0""".format(qty=qty_field, line_table=rma_line._table,
                                       rma_table=rma._table),
                   (list(channel_ids), list(product_ids), list(channel_ids),
                    list(product_ids)))
        return {(c, p): rate for c, p, rate in cr.fetchall()}

    @api.model
    def _mark_settled(self, sale_line_ids, fees=None):
        """Hook for the settlement add-on: these lines are settled; ``fees``
        {sale line id: actual fee} replaces the estimated fee."""
        lines = self.search([("sale_line_id", "in", list(sale_line_ids))])
        fees = fees or {}
        rows = []
        for line in lines:
            fee = fees.get(line.sale_line_id.id, line.fee)
            new_margin = round(line.margin + line.fee - fee, 2)
            rows.append((line.id, fee, new_margin,
                         round(100.0 * new_margin / line.revenue, 2)
                         if line.revenue else 0.0))
        if rows:
            bulk.execute_values(self.env.cr, """
                UPDATE ecom_margin_line m SET fee = v.fee, margin = v.margin,
                       margin_percent = v.pct, state = 'settled'
                  FROM (VALUES %s) AS v(id, fee, margin, pct) WHERE m.id = v.id""",
                                rows)
            self.invalidate_cache()
        return lines

    @api.model
    def _ecom_apply_ondelete(self, comodel_name, ids):
        """The ON DELETE rules of the keys off of the margin lines and the
        cost history (``_foreign_keys_off``) for ``ids`` of ``comodel_name``,
        about to be deleted (called by their unlink)."""
        # sudo: the rows of the derived tables follow the deletion the caller
        # is allowed to make (emptied or deleted as the keys would have)
        bulk_fill.apply_ondelete(
            [self.sudo(), self.env["ecom.warehouse.cost"].sudo()], comodel_name, ids)

    @api.model
    def _ecom_after_moves_done(self, move_ids):
        """Cost rows of newly done moves, then the margins of the order lines
        they deliver (called by stock.move._action_done)."""
        sale_line_ids = self.env["ecom.warehouse.cost"]._sync_moves(move_ids)
        return self._refresh_sale_lines(sale_line_ids)
