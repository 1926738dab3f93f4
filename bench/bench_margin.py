"""Warehouse costs and contribution margins (ecom_margin) at volume.

Data (SQL copies of ORM-made template rows, ANALYZEd): ECOM_BENCH_MARGIN_SKUS
SKUs (default 10,000), two warehouses, one receipt per SKU and warehouse, and
ECOM_BENCH_MARGIN_LINES channel order lines (default 1,000,000, the issue's
size, five per order) with their done delivery moves spread over twelve
months; a smaller size is printed as scaled down
(ECOM_BENCH_MARGIN_BASELINE_LINES=1000 keeps the baseline to half a minute).
The big tables are filled by COPY into a scratch table and one INSERT each,
with the foreign keys and non-unique indexes of orders, order lines and moves
off meanwhile and made again from their own definitions at the end.
Measured in one run:

* rebuild: "Rebuild costs" (warehouse cost history replayed from every done
  move, then every line margin), target 60 s for 1,000,000 lines (the
  linear extrapolation is printed);
* incremental: a day of 10,000 new lines with their deliveries: cost rows
  appended and the margins of the new orders written, target 2 s;
* pivot: read_group by channel x month over all margin lines, target 1 s;
* baseline: sale_margin's ORM computation (cost from the product's standard
  price, written line by line with its stored recomputation) on 10,000
  lines (ECOM_BENCH_MARGIN_BASELINE_LINES), scaled linearly to the suite's
  line count for the ratio.

A database that already holds the data of this size is reused;
ECOM_BENCH_MARGIN_SKIP_REBUILD=1 then measures only the incremental update and
the pivot (a second run after one with the rebuild).
"""
import contextlib
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import (  # noqa: E402
    Timer, clone_rows, odoo_env, progress, report, table_columns)

LINES_PER_ORDER = 5
BASELINE_LINES = 10000
DAY_LINES = 10000


def _copy_clone(cr, table, template_id, overrides, rows):
    """:func:`common.clone_rows` for many rows: the ids drawn from the table's
    sequence first (the rows' order is kept), the rows COPYed into a scratch
    table, then one INSERT ... SELECT (no VALUES literals to parse). None is
    NULL; text must hold no tab, newline or backslash."""
    from odoo.addons.ecom_base.tools import bulk_fill

    if not rows:
        return []
    cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
               ("%s_id_seq" % table, len(rows)))
    ids = [r[0] for r in cr.fetchall()]
    names = [name for name, _type in overrides]
    cr.execute("CREATE TEMP TABLE bench_clone (id int, %s)" % ", ".join(
        "%s %s" % pair for pair in overrides))
    bulk_fill.copy_rows(cr, "bench_clone", ["id"] + names, [
        (rid,) + tuple(bulk_fill.NULL if v is None else v for v in row)
        for rid, row in zip(ids, rows)])
    columns = table_columns(cr, table, skip=("id",))
    select = ", ".join("v.%s" % c if c in names else "t.%s" % c for c in columns)
    cr.execute("INSERT INTO {t} (id, {cols}) SELECT v.id, {sel} FROM {t} t, "
               "bench_clone v WHERE t.id = {tid} ORDER BY v.id".format(
                   t=table, cols=", ".join(columns), sel=select,
                   tid=int(template_id)))
    cr.execute("DROP TABLE bench_clone")
    return ids


@contextlib.contextmanager
def _keys_off(cr, tables):
    """Foreign keys and non-unique indexes of ``tables`` dropped meanwhile (data
    setup: one check and one index entry per row and key/index otherwise), made
    again from their own definitions at the end (one scan each)."""
    cr.execute("""
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
          FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
      ORDER BY 1, 2""", (tables,))
    keys = cr.fetchall()
    cr.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
         WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique
           AND NOT i.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                            WHERE c.conindid = i.indexrelid)
      ORDER BY 1""", (tables,))
    indexes = cr.fetchall()
    for table, name, _definition in keys:
        cr.execute('ALTER TABLE %s DROP CONSTRAINT "%s"' % (table, name))
    for name, _definition in indexes:
        cr.execute("DROP INDEX %s" % name)
    yield
    progress("indexes and keys made again")
    for _name, definition in indexes:
        cr.execute(definition)
    for table, name, definition in keys:
        cr.execute('ALTER TABLE %s ADD CONSTRAINT "%s" %s' % (table, name, definition))


def _setup(env, skus, lines):
    cr = env.cr
    marker = "BMARGIN-%d-%d" % (skus, lines)
    channel = env["ecom.channel"].search([("code", "=", marker[:30])])
    if channel:
        progress("reusing the data of %s" % marker)
        return channel
    progress("creating %d SKUs, 2 warehouses, %d order lines" % (skus, lines))
    wh1 = env["stock.warehouse"].search([], limit=1)
    wh2 = env["stock.warehouse"].create({"name": "Bench margin WH2",
                                         "code": "BMW2"})
    pricelist = env["product.pricelist"].create({"name": "Bench margin"})
    channel = env["ecom.channel"].create({
        "name": "Bench margin", "code": marker[:30], "warehouse_id": wh1.id,
        "pricelist_id": pricelist.id})
    channel2 = env["ecom.channel"].create({
        "name": "Bench margin 2", "code": (marker + "-2")[:30],
        "warehouse_id": wh2.id, "pricelist_id": pricelist.id})
    env["ecom.channel.fee.rule"].create({
        "channel_id": channel.id, "name": "Commission", "kind": "percent",
        "value": 5.0})
    env["ecom.channel.fee.rule"].create({
        "channel_id": channel2.id, "name": "Per order", "kind": "fixed_order",
        "value": 1.0})
    product = env["product.product"].create({
        "name": "Bench margin SKU", "type": "product", "default_code": "BMS-0"})
    partner = env["res.partner"].create({"name": "Bench margin buyer"})
    supplier = env.ref("stock.stock_location_suppliers")
    customer = env.ref("stock.stock_location_customers")
    order = env["sale.order"].with_context(tracking_disable=True).create({
        "partner_id": partner.id, "ecom_channel_id": channel.id,
        "warehouse_id": wh1.id, "pricelist_id": pricelist.id,
        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1,
                               "price_unit": 10.0})]})
    move = env["stock.move"].create({
        "name": "bench", "product_id": product.id, "product_uom_qty": 1,
        "product_uom": product.uom_id.id, "location_id": supplier.id,
        "location_dest_id": wh1.lot_stock_id.id})
    env.cr.execute("UPDATE stock_move SET state = 'done', product_qty = 1 "
                   "WHERE id = %s", (move.id,))
    rng = random.Random(skus)
    tmpl_ids = clone_rows(cr, "product_template", product.product_tmpl_id.id,
                          [("name", "varchar")],
                          [("Bench margin SKU %d" % i,) for i in range(skus)])
    product_ids = clone_rows(cr, "product_product", product.id,
                             [("product_tmpl_id", "int"), ("default_code", "varchar")],
                             [(t, "BMS-%d" % i) for i, t in enumerate(tmpl_ids)])
    progress("receipts")
    receipts = []
    for pid in product_ids:
        for wh in (wh1, wh2):
            qty = lines  # plenty: no negative stock
            receipts.append((pid, supplier.id, wh.lot_stock_id.id, qty, qty,
                             round(rng.uniform(5, 50), 2), "2020-01-01 08:00:00",
                             None))
    move_cols = [("product_id", "int"), ("location_id", "int"),
                 ("location_dest_id", "int"), ("product_qty", "numeric"),
                 ("product_uom_qty", "numeric"), ("price_unit", "float8"),
                 ("date", "timestamp"), ("sale_line_id", "int")]
    # the year before today: a new day's moves come after every history row
    import datetime
    start = (datetime.date.today() - datetime.timedelta(days=367)).isoformat()
    with _keys_off(cr, ["sale_order", "sale_order_line", "stock_move"]):
        _copy_clone(cr, "stock_move", move.id, move_cols, receipts)
        _make_orders(env, order, move, [channel, channel2], product_ids, lines, rng,
                     customer, start, 365, "BM")
    cr.execute("ANALYZE")
    cr.commit()
    return channel


def _make_orders(env, order, move, channels, product_ids, lines, rng, customer,
                 start, days, prefix):
    """``lines`` lines in orders of five, with done deliveries; order ids."""
    cr = env.cr
    orders = lines // LINES_PER_ORDER
    progress("%d orders" % orders)
    rows = []
    for i in range(orders):
        channel = channels[i % 2]
        date = "%s 10:00:00" % start
        rows.append(("%s%07d" % (prefix, i), "%s%07d" % (prefix, i), channel.id,
                     channel.warehouse_id.id, date, rng.randint(0, days - 1)))
    # date_order spread over ``days``
    order_ids = _copy_clone(cr, "sale_order", order.id, [
        ("name", "varchar"), ("ecom_external_ref", "varchar"),
        ("ecom_channel_id", "int"), ("warehouse_id", "int"),
        ("date_order", "timestamp"), ("state", "varchar"),
        ("procurement_group_id", "int")],
        [(r[0], r[1], r[2], r[3], "%s" % _shift(start, r[5]), "sale", None)
         for r in rows])
    progress("%d order lines" % lines)
    line_rows, meta = [], []
    for index, order_id in enumerate(order_ids):
        wh = rows[index][3]
        for _j in range(LINES_PER_ORDER):
            pid = rng.choice(product_ids)
            qty = rng.randint(1, 3)
            price = round(rng.uniform(20, 90), 2)
            line_rows.append((order_id, pid, qty, price, qty * price, qty * price,
                              qty, "sale"))
            meta.append((pid, wh, qty, _shift(start, rows[index][5])))
    line_ids = _copy_clone(cr, "sale_order_line", order.order_line[:1].id, [
        ("order_id", "int"), ("product_id", "int"), ("product_uom_qty", "numeric"),
        ("price_unit", "numeric"), ("price_subtotal", "numeric"),
        ("price_total", "numeric"), ("qty_delivered", "numeric"),
        ("state", "varchar")], line_rows)
    progress("%d delivery moves" % lines)
    move_rows = []
    cr.execute("SELECT id, lot_stock_id FROM stock_warehouse")
    stock_of = dict(cr.fetchall())
    for line_id, (pid, wh, qty, date) in zip(line_ids, meta):
        move_rows.append((pid, stock_of[wh], customer.id, qty, qty, 0.0,
                          date.replace("10:00:00", "15:00:00"), line_id))
    _copy_clone(cr, "stock_move", move.id, [
        ("product_id", "int"), ("location_id", "int"), ("location_dest_id", "int"),
        ("product_qty", "numeric"), ("product_uom_qty", "numeric"),
        ("price_unit", "float8"), ("date", "timestamp"), ("sale_line_id", "int")],
        move_rows)
    return order_ids


def _shift(start, offset):
    import datetime
    day = datetime.date(*map(int, start.split("-"))) + datetime.timedelta(days=offset)
    return "%s 10:00:00" % day.isoformat()


def _baseline(env, count):
    """sale_margin: cost of each line from the product's standard price, written
    with the ORM (stored margin recomputed line by line)."""
    lines = env["sale.order.line"].search([("order_id.ecom_channel_id", "!=", False)],
                                          limit=count)
    with Timer() as timer:
        for line in lines:
            price = line._compute_margin(line.order_id, line.product_id,
                                         line.product_uom)
            line.purchase_price = price + 0.01
        lines.recompute()
    env.cr.rollback()
    return timer.seconds, len(lines)


def main():
    skus = int(os.environ.get("ECOM_BENCH_MARGIN_SKUS", "10000"))
    lines = int(os.environ.get("ECOM_BENCH_MARGIN_LINES", "1000000"))
    scale_note = "" if lines >= 1000000 else \
        "%d lines, scaled down from 1,000,000" % lines
    with odoo_env(context={"tracking_disable": True}) as env:
        channel = _setup(env, skus, lines)
        skip = os.environ.get("ECOM_BENCH_MARGIN_SKIP_REBUILD") == "1"
        run = env["ecom.cost.rebuild"].create({})
        env.cr.commit()
        progress("rebuild" if not skip else "rebuild skipped (knob)")
        with Timer() as rebuild:
            if not skip:
                run._run(batch_products=1000)
            else:
                run.lines_written = 1
        progress("rebuild: %d cost rows, %d margin lines in %.1f s" % (
            run.rows_written, run.lines_written, rebuild.seconds))
        env.cr.commit()
        baseline_lines = int(os.environ.get("ECOM_BENCH_MARGIN_BASELINE_LINES",
                                            BASELINE_LINES))
        progress("baseline: sale_margin on %d lines" % baseline_lines)
        base_seconds, base_count = _baseline(env, baseline_lines)
        scaled_base = base_seconds * run.lines_written / max(base_count, 1)
        report_rebuild = report if not skip else (lambda *a, **k: None)
        report_rebuild(
            "ecom_margin rebuild: %d lines (costs + margins)" % run.lines_written,
            rebuild.seconds, scaled_base,
            target="<= 60 s for 1,000,000 (extrapolated %.1f s)"
            % (rebuild.seconds * 1000000.0 / max(run.lines_written, 1)),
            note="baseline sale_margin ORM on %d lines (%.2f s) x %.0f; %s" % (
                base_count, base_seconds,
                run.lines_written / max(base_count, 1), scale_note))
        # a day of new orders and their deliveries
        cr = env.cr
        # templates: a generated order line with its delivery move
        cr.execute("""
            SELECT m.id, l.order_id FROM stock_move m
              JOIN sale_order_line l ON l.id = m.sale_line_id
             WHERE l.order_id IN (SELECT id FROM sale_order
                                   WHERE ecom_channel_id = %s) LIMIT 1""",
                   (channel.id,))
        move_id, order_id = cr.fetchone()
        order = env["sale.order"].browse(order_id)
        move = env["stock.move"].browse(move_id)
        cr.execute("SELECT id FROM product_product WHERE default_code LIKE 'BMS-%%'")
        product_ids = [r[0] for r in cr.fetchall()]
        channels = env["ecom.channel"].search([("name", "like", "Bench margin")])
        today = time.strftime("%Y-%m-%d")
        since = "%s 00:00:00" % today
        day_prefix = "BD%d-" % int(time.time())
        new_orders = _make_orders(env, order, move, channels, product_ids, DAY_LINES,
                                  random.Random(7), env.ref(
                                      "stock.stock_location_customers"),
                                  today, 1, day_prefix)
        cr.execute("UPDATE stock_move SET date = now() at time zone 'UTC' "
                   "WHERE sale_line_id IN (SELECT id FROM sale_order_line "
                   "WHERE order_id = ANY(%s))", (new_orders,))
        cr.commit()
        cost_model = env["ecom.warehouse.cost"]
        with Timer() as incremental:
            _moves, _lines = cost_model._sync_pending(since)
            written = env["ecom.margin.line"]._refresh_orders(new_orders)
        cr.commit()
        base_day = base_seconds * DAY_LINES / max(base_count, 1)
        report("ecom_margin incremental: a day of %d new lines" % written,
               incremental.seconds, base_day, target="<= 2 s",
               note="baseline sale_margin ORM scaled to %d lines" % DAY_LINES)
        with Timer() as pivot:
            groups = env["ecom.margin.line"].read_group(
                [], ["revenue", "margin", "margin_percent", "channel_id", "date"],
                ["channel_id", "date:month"], lazy=False)
        with Timer() as native_pivot:
            env["sale.order"].read_group(
                [("ecom_channel_id", "!=", False)],
                ["margin", "ecom_channel_id", "date_order"],
                ["ecom_channel_id", "date_order:month"], lazy=False)
        report("ecom_margin pivot channel x month (%d groups)" % len(groups),
               pivot.seconds, native_pivot.seconds, target="<= 1 s",
               note="baseline: sale_margin's stored order margin, same grouping")


if __name__ == "__main__":
    main()
