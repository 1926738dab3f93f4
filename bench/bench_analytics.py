"""ecom_analytics benchmarks (``make bench``), suite and baseline in one run.

Data (SQL, once per size): 3 channels, 10,000 SKUs in 20 categories,
``ECOM_BENCH_ANALYTICS_LINES`` confirmed order lines (default 1,000,000; 4
lines an order) spread over the 2 years before today, copied from one order
made through the ORM.

1. Rebuilding ``ecom.sales.daily`` from every line (target <= 60 s for
   1,000,000 lines) against ``sale.report`` ``read_group`` of the same
   question (units and revenue per channel x week over the 2 years).
2. The incremental refresh after 10,000 new lines (target <= 2 s) against
   the same ``sale.report`` question asked again.
3. The channel x week pivot for a year on the facts (target <= 1 s) against
   ``sale.report`` ``read_group`` of that pivot.

Run: ECOM_ODOO_CONF=... ECOM_BENCH_DB=... python bench/bench_analytics.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import Timer, odoo_env, progress, report, table_columns  # noqa: E402

LINES = int(os.environ.get("ECOM_BENCH_ANALYTICS_LINES", 1000000))
SKUS = int(os.environ.get("ECOM_BENCH_ANALYTICS_SKUS", 10000))
NEW_LINES = 10000
PER_ORDER = 4
DAYS = 730


def _copy(cr, table, template_id, overrides, source, returning=True):
    """INSERT ... SELECT of ``table`` rows copying row ``template_id`` with
    ``overrides`` {column: SQL expression over ``g``} for each row of the
    ``source`` SQL (a FROM clause naming ``g``)."""
    cols = table_columns(cr, table, skip=("id",))
    select = [overrides.get(col, "t.%s" % col) for col in cols]
    # table and column names come from information_schema, not from users
    cr.execute(  # pylint: disable=sql-injection
        "INSERT INTO {table} ({cols}) SELECT {select} FROM {table} t, {source} "
        "WHERE t.id = %s {returning}".format(
            table=table, cols=", ".join(cols), select=", ".join(select),
            source=source, returning="RETURNING id" if returning else ""),
        (template_id,))
    return [row[0] for row in cr.fetchall()] if returning else None


def _setup(env):
    cr = env.cr
    code = "BAN%d" % LINES
    channels = env["ecom.channel"].search([("code", "like", code + "-")])
    if len(channels) == 3:
        progress("reusing the data of %s" % code)
        return channels
    progress("creating %d SKUs, 3 channels, %d order lines over %d days"
             % (SKUS, LINES, DAYS))
    warehouse = env["stock.warehouse"].search([], limit=1)
    pricelist = env["product.pricelist"].create({"name": "Bench analytics"})
    channels = env["ecom.channel"]
    for index in range(3):
        channels |= env["ecom.channel"].create({
            "name": "Bench analytics %d" % index, "code": "%s-%d" % (code, index),
            "warehouse_id": warehouse.id, "pricelist_id": pricelist.id})
    categs = env["product.category"]
    for index in range(20):
        categs |= env["product.category"].create(
            {"name": "Bench analytics %d" % index})
    product = env["product.product"].create({
        "name": "Bench analytics SKU", "type": "product",
        "default_code": "BAN-0", "categ_id": categs[0].id})
    partner = env["res.partner"].create({"name": "Bench analytics buyer"})
    order = env["sale.order"].create({
        "partner_id": partner.id, "ecom_channel_id": channels[0].id,
        "warehouse_id": warehouse.id, "pricelist_id": pricelist.id,
        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1,
                               "price_unit": 10.0})]})
    cr.execute("UPDATE sale_order SET state = 'sale' WHERE id = %s", (order.id,))
    cr.execute("SELECT array_agg(id) FROM product_category WHERE id = ANY(%s)",
               (categs.ids,))
    categ_array = cr.fetchone()[0]
    progress("SKUs")
    tmpl_ids = _copy(cr, "product_template", product.product_tmpl_id.id, {
        "name": "'Bench analytics SKU ' || g",
        "categ_id": "(ARRAY%s)[1 + mod(g, 20)]" % categ_array},
        "generate_series(1, %d) g" % SKUS)
    cr.execute("CREATE TEMP TABLE ban_tmpl AS SELECT id, row_number() OVER "
               "(ORDER BY id) AS g FROM unnest(%s) id", (tmpl_ids,))
    _copy(cr, "product_product", product.id, {
        "product_tmpl_id": "g.id", "default_code": "'BAN-' || g.g"},
        "ban_tmpl g", returning=False)
    cr.execute("SELECT array_agg(id ORDER BY id) FROM product_product "
               "WHERE product_tmpl_id = ANY(%s)", (tmpl_ids,))
    product_array = cr.fetchone()[0]
    _make_lines(env, order, channels, product_array, LINES, "B", past=True)
    cr.execute("ANALYZE")
    cr.commit()
    return channels


def _make_lines(env, order, channels, product_array, lines, prefix, past):
    """``lines`` lines in orders of 4 on the channels; dated over the
    :data:`DAYS` days before today (``past``, written then) or now."""
    cr = env.cr
    orders = lines // PER_ORDER
    progress("%d orders, %d lines" % (orders, lines))
    date = ("(now() at time zone 'UTC') - mod(g, %d) * interval '1 day' "
            "- interval '1 hour'" % DAYS) if past else "(now() at time zone 'UTC')"
    order_ids = _copy(cr, "sale_order", order.id, {
        "name": "'%s' || g" % prefix, "date_order": date,
        "write_date": date, "create_date": date,
        "ecom_channel_id": "(ARRAY%s)[1 + mod(g, 3)]" % channels.ids,
        "ecom_external_ref": "'%s' || g || '-' || md5(random()::text)" % prefix},
        "generate_series(1, %d) g" % orders)
    cr.execute("DROP TABLE IF EXISTS ban_orders")
    cr.execute("CREATE TEMP TABLE ban_orders AS SELECT o.id, o.date_order, "
               "row_number() OVER (ORDER BY o.id) AS n FROM sale_order o "
               "WHERE o.id = ANY(%s)", (order_ids,))
    cr.execute("SELECT id FROM sale_order_line WHERE order_id = %s", (order.id,))
    line_id = cr.fetchone()[0]
    count = len(product_array)
    _copy(cr, "sale_order_line", line_id, {
        "order_id": "g.id",
        "product_id": "(ARRAY%s)[1 + mod(g.n * 7919 + k * 104729, %d)]"
                      % (product_array, count),
        "product_uom_qty": "1 + mod(g.n + k, 5)",
        "price_unit": "10.0", "price_subtotal": "10.0 * (1 + mod(g.n + k, 5))",
        "price_total": "10.0 * (1 + mod(g.n + k, 5))",
        "write_date": "g.date_order", "create_date": "g.date_order"},
        "ban_orders g, generate_series(1, %d) k" % PER_ORDER, returning=False)


def _pivot_baseline(env, domain):
    return env["sale.report"].read_group(
        domain + [("state", "in", ("sale", "done"))],
        ["ecom_channel_id", "date", "product_uom_qty", "price_subtotal"],
        ["ecom_channel_id", "date:week"], lazy=False)


def main():
    scale = "" if LINES >= 1000000 else \
        "%d lines, scaled down from 1,000,000 (ECOM_BENCH_ANALYTICS_LINES)" % LINES
    with odoo_env(context={"tracking_disable": True}) as env:
        channels = _setup(env)
        facts = env["ecom.sales.daily"]
        channel_domain = [("ecom_channel_id", "in", channels.ids)]
        # 1. rebuild vs sale.report over the 2 years
        run = env["ecom.sales.rebuild"].create({})
        env.cr.commit()
        with Timer() as rebuild:
            run._run()
        env.cr.commit()
        # the rebuild reads every confirmed line of the database (other
        # benchmarks' orders too)
        env.cr.execute("SELECT count(*) FROM sale_order_line sol JOIN sale_order so "
                       "ON so.id = sol.order_id WHERE so.state IN ('sale', 'done')")
        counted = env.cr.fetchone()[0]
        progress("rebuild: %d fact rows from %d lines in %.1f s"
                 % (run.rows_written, counted, rebuild.seconds))
        with Timer() as base_all:
            groups = _pivot_baseline(env, channel_domain)
        report("ecom_analytics rebuild facts from %d lines" % counted,
               rebuild.seconds, base_all.seconds,
               target="<= 60 s for 1,000,000",
               note="baseline: sale.report read_group channel x week, 2 years "
                    "(%d groups)%s" % (len(groups), "; " + scale if scale else ""))
        # 2. incremental refresh after 10,000 new lines
        order = env["sale.order"].search(
            [("ecom_channel_id", "=", channels[0].id)], limit=1)
        env.cr.execute("SELECT array_agg(DISTINCT product_id) FROM sale_order_line "
                       "WHERE order_id IN (SELECT id FROM sale_order WHERE "
                       "ecom_channel_id = %s LIMIT 2000)", (channels[0].id,))
        product_array = env.cr.fetchone()[0]
        _make_lines(env, order, channels, product_array, NEW_LINES, "N", past=False)
        env.cr.commit()
        with Timer() as incremental:
            written = facts._refresh_incremental()
        env.cr.commit()
        progress("incremental: %d fact rows rewritten" % written)
        with Timer() as base_again:
            _pivot_baseline(env, channel_domain)
        report("ecom_analytics incremental refresh after %d new lines" % NEW_LINES,
               incremental.seconds, base_again.seconds, target="<= 2 s",
               note="baseline: the sale.report question asked again")
        # 3. channel x week pivot for a year
        env.cr.execute("SELECT ((now() at time zone 'UTC') - interval '1 year')::date")
        year_ago = env.cr.fetchone()[0]
        with Timer() as pivot:
            rows = facts.read_group(
                [("channel_id", "in", channels.ids), ("date", ">=", year_ago)],
                ["channel_id", "date", "units", "revenue"],
                ["channel_id", "date:week"], lazy=False)
        with Timer() as base_pivot:
            base_rows = _pivot_baseline(
                env, channel_domain + [("date", ">=", year_ago)])
        report("ecom_analytics channel x week pivot, 1 year (%d groups)" % len(rows),
               pivot.seconds, base_pivot.seconds, target="<= 1 s",
               note="baseline: sale.report read_group (%d groups)" % len(base_rows))
        units = sum(row["units"] for row in rows)
        base_units = sum(row["product_uom_qty"] for row in base_rows)
        progress("pivot units: facts %.0f, sale.report %.0f" % (units, base_units))


if __name__ == "__main__":
    main()
