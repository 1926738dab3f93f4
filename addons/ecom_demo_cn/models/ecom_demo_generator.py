"""The demo merchant's business, generated through the suite's own paths.

``generate(size)`` turns the seeded story of ``services/story.py`` into
records: categories, vendors with price breaks and lead times, ~200 SKUs in
fixed bins, a second warehouse, purchase receipts put away into bins, about
90 days of channel orders imported through ``ecom.channel.import_orders``,
their deliveries shipped, and today's open work (orders to pick, receipts to
put away, a late vendor, a cycle count due), then reorder suggestions,
overstock and ABC classes.

Size: ``full`` (make run) or ``small`` (the test database), chosen by the
environment variable ``ECOM_DEMO_SIZE`` or the system parameter
``ecom_demo_cn.size`` (default ``small``). Dates of the history are moved
back in time with set-based UPDATEs after the stock operations ran (the
operations themselves happen now, as the ORM runs them).
"""
import datetime
import logging
import os
import random
import time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.addons.ecom_base.tools import bulk

from ..services import story

_logger = logging.getLogger(__name__)

BATCH = 250           # orders per import_orders call (the API allows 500)
SHIP_CHUNK = 200      # deliveries validated per action_done call
RECEIPT_WAVES = {"full": (88, 62, 36, 14), "small": (118, 108)}   # days ago
OPEN_RECEIPTS = 2     # vendors with a receipt arriving today (to put away)
BIN_GRID = {"full": (4, 5, 2, 5), "small": (2, 2, 2, 3)}       # aisles, racks...
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True,
           "mail_create_nosubscribe": True, "mail_notrack": True,
           "mail_auto_subscribe_no_notify": True}


class EcomDemoGenerator(models.AbstractModel):
    _name = "ecom.demo.generator"
    _description = "Demo business generator (Chinese merchant)"

    @api.model
    def _demo_size(self):
        size = os.environ.get("ECOM_DEMO_SIZE") or self.env[
            "ir.config_parameter"].sudo().get_param("ecom_demo_cn.size", "small")
        return size if size in story.SIZES or size == "none" else "small"

    @api.model
    def _demo_generate(self):
        """Entry point of the demo data (runs once, at install); size
        ``none`` generates nothing (call ``generate`` later)."""
        size = self._demo_size()
        if size == "none":
            return {}
        pool = self.pool
        if not pool._init:
            return self.generate(size)
        # While modules install, Odoo defers parent_left/right (stock
        # locations) to the end of the loading; the bin generator and child_of
        # searches need them: the registry computes them now, creates keep
        # them up to date during the generation, and the loading goes on as
        # before (it computes them once more at its end).
        pool.do_parent_store(self._cr)
        try:
            return self.generate(size)
        finally:
            pool._init = True

    @api.model
    def generate(self, size="small"):
        """Generate the business; returns timings and counts (a dict).
        Administrators only (it writes everywhere)."""
        if not self.env.user._is_superuser() \
                and not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only administrators generate the demo business."))
        started = time.time()
        self = self.with_context(ecom_demo_size=size, **CONTEXT)
        today = fields.Date.from_string(fields.Date.context_today(self))
        stats = {"size": size}
        products_data = story.catalogue(size)
        people = story.buyers(size)
        by_channel = story.orders(size, today, products_data, people)
        wh_main, wh_south = self._demo_warehouses()
        bins = self._demo_bins(wh_main, size)
        categories = self._demo_categories(wh_main)
        vendors = self._demo_vendors()
        products = self._demo_products(products_data, categories, vendors, bins)
        self._demo_channels(wh_main, wh_south)
        stats["setup_s"] = round(time.time() - started, 1)
        _logger.info("ecom_demo_cn (%s): %d SKUs, %d vendors, bins ready in %.1f s",
                     size, len(products), len(vendors), stats["setup_s"])
        # receipts: what will be sold (plus cover), in waves, put away
        sold = {}
        for payloads in by_channel.values():
            for payload in payloads:
                for line in payload["lines"]:
                    sold[line["sku"]] = sold.get(line["sku"], 0) + line["qty"]
        plan = story.stock_plan(products_data, sold)
        receipts_started = time.time()
        self._demo_receipts(size, today, products_data, products, vendors, plan,
                            wh_main, wh_south, by_channel)
        stats["receipts_s"] = round(time.time() - receipts_started, 1)
        _logger.info("ecom_demo_cn (%s): receipts put away in %.1f s", size,
                     stats["receipts_s"])
        # orders through the intake, oldest first
        intake_started = time.time()
        imported = self._demo_import(by_channel)
        stats["orders"] = len(imported)
        stats["intake_s"] = round(time.time() - intake_started, 2)
        stats["orders_per_s"] = round(
            len(imported) / max(stats["intake_s"], 0.001), 1)
        _logger.info("ecom_demo_cn (%s): %d orders imported in %.1f s (%.1f/s)",
                     size, len(imported), stats["intake_s"], stats["orders_per_s"])
        ship_started = time.time()
        stats["shipped"] = self._demo_ship(imported, today)
        stats["ship_s"] = round(time.time() - ship_started, 1)
        self._demo_open_work(today, products_data, products, vendors, wh_main,
                             bins[:1].ecom_zone_id)
        self._demo_planning(products, categories, wh_main, today)
        stats["total_s"] = round(time.time() - started, 1)
        _logger.info("ecom_demo_cn: demo business generated: %s", stats)
        return stats

    # --- setup ------------------------------------------------------------------

    def _demo_warehouses(self):
        main = self.env.ref("stock.warehouse0")
        main.write({"name": "杭州仓"})
        south = self.env["stock.warehouse"].search([("code", "=", "GZ")], limit=1)
        if not south:
            south = self.env["stock.warehouse"].create({
                "name": "广州仓", "code": "GZ",
                "partner_id": self.env.ref("base.main_partner").id})
        return main, south

    def _demo_bins(self, warehouse, size):
        aisles, racks, shelves, bins = BIN_GRID[size]
        generator = self.env["ecom.bin.generator"].create({
            "warehouse_id": warehouse.id, "zone_code": "A", "zone_name": "A 区 拣货区",
            "aisle_count": aisles, "rack_count": racks, "shelf_count": shelves,
            "bin_count": bins})
        generator.action_generate()
        return self.env["stock.location"].search([
            ("ecom_kind", "=", "bin"), ("ecom_zone_id", "=", generator.zone_id.id)],
            order="ecom_code")

    def _demo_categories(self, warehouse):
        parent = self.env["product.category"].create({"name": "电商商品"})
        result = {}
        for code, _en, name, _prices, _items in story.CATEGORIES:
            result[code] = self.env["product.category"].create({
                "name": name, "parent_id": parent.id})
        return result

    def _demo_vendors(self):
        result = {}
        cn = self.env.ref("base.cn")
        for key, name, city, _lead, reliable, _cats in story.VENDORS:
            result[key] = self.env["res.partner"].create({
                "name": name, "is_company": True, "supplier": True,
                "customer": False, "city": city, "country_id": cn.id,
                "comment": False if reliable else "交期不稳定（演示：延迟交货的供应商）"})
        return result

    def _demo_products(self, products_data, categories, vendors, bins):
        leads = {v[0]: v[3] for v in story.VENDORS}
        Product = self.env["product.product"]
        created = {}
        for index, data in enumerate(products_data):
            cost = data["cost"]
            vendor = vendors[data["vendor"]]
            lead = leads[data["vendor"]]
            created[data["sku"]] = Product.create({
                "name": data["name"],
                "default_code": data["sku"],
                "barcode": "69%011d" % (index + 1),
                "type": "product",
                "categ_id": categories[data["category"]].id,
                "list_price": data["price"],
                "standard_price": cost,
                "ecom_fixed_bin_id": bins[index % len(bins)].id if bins else False,
                "seller_ids": [
                    # price breaks: 1+, 50+, 200+
                    (0, 0, {"name": vendor.id, "min_qty": 1, "price": cost,
                            "delay": lead}),
                    (0, 0, {"name": vendor.id, "min_qty": 50,
                            "price": round(cost * 0.93, 2), "delay": lead}),
                    (0, 0, {"name": vendor.id, "min_qty": 200,
                            "price": round(cost * 0.86, 2), "delay": lead}),
                ],
            })
        return created

    def _demo_channels(self, wh_main, wh_south):
        """The three shops (ecom_channel's demo ones; created when missing, as
        in a database without demo data: the benchmark)."""
        Channel = self.env["ecom.channel"]
        missing = [code for code in story.CHANNELS
                   if not Channel.search([("code", "=", code)], limit=1)]
        if missing:
            cny = self.env.ref("base.CNY")
            cny.active = True
            pricelist = self.env["product.pricelist"].create({
                "name": "Marketplaces (CNY)", "currency_id": cny.id})
            platforms = {"WEB": "own_web", "TMALL": "tmall", "JD": "jd"}
            for code in missing:
                Channel.create({"name": code, "code": code,
                                "platform": platforms[code],
                                "warehouse_id": wh_main.id,
                                "pricelist_id": pricelist.id})
        if self.env.context.get("ecom_demo_size") == "full":
            # JD ships from the south warehouse, the others from Hangzhou (the
            # small slice of the test database leaves the channels as the
            # other add-ons' tests know them)
            jd = Channel.search([("code", "=", "JD")], limit=1)
            jd.write({"warehouse_id": wh_south.id})

    # --- receipts -----------------------------------------------------------------

    def _demo_receipts(self, size, today, products_data, products, vendors, plan,
                       wh_main, wh_south, by_channel):
        """Purchase orders per vendor, warehouse and wave, received and put
        away now, then dated back to the wave (+ lead, + lateness)."""
        rng = random.Random(story.SEED + 4)
        waves = RECEIPT_WAVES[size]
        # the south warehouse sells what JD sells
        south_share = {}
        total = {}
        for code, payloads in by_channel.items():
            for payload in payloads:
                for line in payload["lines"]:
                    total[line["sku"]] = total.get(line["sku"], 0) + line["qty"]
                    if code == "JD":
                        south_share[line["sku"]] = \
                            south_share.get(line["sku"], 0) + line["qty"]
        leads = {v[0]: (v[3], v[4]) for v in story.VENDORS}
        dated = []
        for wave_no, days_ago in enumerate(waves):
            orders = self.env["purchase.order"]
            for warehouse in (wh_main, wh_south):
                for key, vendor in sorted(vendors.items()):
                    lines = []
                    for data in products_data:
                        if data["vendor"] != key:
                            continue
                        sku = data["sku"]
                        qty_all = plan.get(sku, 0)
                        share = south_share.get(sku, 0) / float(total.get(sku) or 1)
                        if size != "full":
                            share = 0.0     # JD ships from Hangzhou too
                        qty = qty_all * (share if warehouse == wh_south else 1 - share)
                        # stock-out SKUs get nothing in the last wave
                        if data.get("stock_out") and wave_no == len(waves) - 1:
                            qty = 0
                        qty = int(round(qty / len(waves)))
                        if qty <= 0:
                            continue
                        product = products[sku]
                        lines.append((0, 0, {
                            "product_id": product.id, "name": data["name"],
                            "product_qty": qty, "price_unit": data["cost"],
                            "product_uom": product.uom_po_id.id,
                            "date_planned": fields.Datetime.now()}))
                    if not lines:
                        continue
                    order = self.env["purchase.order"].create({
                        "partner_id": vendor.id,
                        "picking_type_id": warehouse.in_type_id.id,
                        "order_line": lines})
                    orders |= order
                    lead, reliable = leads[key]
                    late = 0 if reliable else rng.randint(*story.UNRELIABLE_LATE_DAYS)
                    dated.append((order, days_ago, lead, late))
            orders.button_confirm()
            pickings = orders.mapped("picking_ids").filtered(
                lambda p: p.state not in ("done", "cancel"))
            self._demo_validate(pickings)
        self._demo_backdate_receipts(today, dated)

    def _demo_validate(self, pickings):
        """Done quantities = reserved, then validate (core's action_done)."""
        for start in range(0, len(pickings), SHIP_CHUNK):
            chunk = pickings[start:start + SHIP_CHUNK]
            waiting = chunk.mapped("move_lines").filtered(
                lambda m: m.state in ("confirmed", "partially_available"))
            if waiting:
                waiting._action_assign()
            lines = chunk.mapped("move_line_ids")
            # done = reserved, one UPDATE for the chunk (the toolkit's write)
            bulk.write(lines, "qty_done", lines.mapped("product_uom_qty"))
            ready = chunk.filtered(lambda p: p.state == "assigned")
            if ready:
                ready.action_done()

    def _demo_backdate_receipts(self, today, dated):
        rows = []
        for order, days_ago, lead, late in dated:
            ordered = today - datetime.timedelta(days=days_ago + lead)
            planned = ordered + datetime.timedelta(days=lead)
            arrived = planned + datetime.timedelta(days=late)
            rows.append((order.id, "%s 02:00:00" % ordered, "%s 02:00:00" % planned,
                         "%s 03:00:00" % min(arrived, today)))
        if not rows:
            return
        # one statement per table for all orders (dates: ordered, planned, arrived)
        cte = ("WITH d(order_id, ordered, planned, arrived) AS (VALUES %s) ")
        template = "(%s, %s::timestamp, %s::timestamp, %s::timestamp)"
        cr = self.env.cr
        for query in (
            "UPDATE purchase_order po SET date_order = d.ordered, "
            "date_approve = d.ordered, date_planned = d.planned "
            "FROM d WHERE po.id = d.order_id",
            "UPDATE purchase_order_line pol SET date_planned = d.planned "
            "FROM d WHERE pol.order_id = d.order_id",
            "UPDATE stock_move sm SET date = d.arrived, date_expected = d.planned "
            "FROM d, purchase_order_line pol "
            "WHERE pol.order_id = d.order_id AND sm.purchase_line_id = pol.id",
            "UPDATE stock_move_line sml SET date = d.arrived "
            "FROM d, purchase_order_line pol, stock_move sm "
            "WHERE pol.order_id = d.order_id AND sm.purchase_line_id = pol.id "
            "AND sml.move_id = sm.id",
            "UPDATE stock_picking sp SET date_done = d.arrived, "
            "scheduled_date = d.planned, date = d.ordered "
            "FROM d, purchase_order_line pol, stock_move sm "
            "WHERE pol.order_id = d.order_id AND sm.purchase_line_id = pol.id "
            "AND sp.id = sm.picking_id",
        ):
            bulk.execute_values(cr, cte + query, rows, template=template)
        self.invalidate_cache()

    # --- orders ------------------------------------------------------------------

    def _demo_import(self, by_channel):
        """Every channel's payloads through import_orders, as the shops'
        integration user would send them; [(order id, day)] of the created."""
        user = self.env.ref("ecom_base.user_integration_demo",
                            raise_if_not_found=False)
        Channel = self.env["ecom.channel"]
        if user:
            Channel = Channel.sudo(user)
        created = []
        # oldest first across channels: reservations follow the calendar
        merged = sorted(
            ((payload["ordered_at"], code, payload)
             for code, payloads in by_channel.items() for payload in payloads),
            key=lambda row: (row[0], row[1]))
        for start in range(0, len(merged), BATCH):
            chunk = merged[start:start + BATCH]
            per_channel = {}
            for _at, code, payload in chunk:
                per_channel.setdefault(code, []).append(payload)
            for code, payloads in sorted(per_channel.items()):
                days = {p["external_ref"]: p["_day"] for p in payloads}
                clean = [{k: v for k, v in p.items() if k != "_day"}
                         for p in payloads]
                for row in Channel.import_orders(code, clean):
                    if row.get("status") == "created":
                        created.append((row["order_id"], days[row["external_ref"]]))
                    elif row.get("status") == "rejected":
                        _logger.warning("ecom_demo_cn: order %s rejected: %s %s",
                                        row["external_ref"], row.get("error_code"),
                                        row.get("message"))
        return created

    def _demo_ship(self, imported, today):
        """Ship the history's reserved deliveries, dated a day after the order."""
        history = [order_id for order_id, day in imported if day < today]
        if not history:
            return 0
        orders = self.env["sale.order"].browse(history)
        if "invoice_shipping_on_delivery" in orders._fields:
            # the shops charged shipping already: no delivery-cost line added
            # at validation (core adds one per order, whose procurement then
            # tries to unreserve the delivery being validated)
            bulk.write(orders, "invoice_shipping_on_delivery", [False] * len(orders))
        pickings = orders.mapped("picking_ids").filtered(
            lambda p: p.state == "assigned" and p.picking_type_code == "outgoing")
        self._demo_validate(pickings)
        self.env.cr.execute("""
            WITH shipped AS (
                SELECT sp.id AS picking_id,
                       LEAST(so.date_order + interval '20 hours',
                             now() AT TIME ZONE 'UTC') AS at
                  FROM stock_picking sp JOIN sale_order so ON so.id = sp.sale_id
                 WHERE sp.id = ANY(%s) AND sp.state = 'done')
            , pickings AS (
                UPDATE stock_picking sp SET date_done = s.at, scheduled_date = s.at
                  FROM shipped s WHERE sp.id = s.picking_id RETURNING sp.id)
            , moves AS (
                UPDATE stock_move sm SET date = s.at, date_expected = s.at
                  FROM shipped s WHERE sm.picking_id = s.picking_id RETURNING sm.id)
            UPDATE stock_move_line sml SET date = s.at
              FROM shipped s WHERE sml.picking_id = s.picking_id
        """, (pickings.ids,))
        self.invalidate_cache()
        return len(pickings.filtered(lambda p: p.state == "done"))

    # --- today ---------------------------------------------------------------------

    def _demo_open_work(self, today, products_data, products, vendors, wh_main,
                        zone):
        """Receipts arriving today (to put away) and a late one of the
        unreliable vendor; a cycle count due in zone A."""
        leads = {v[0]: v for v in story.VENDORS}
        keys = [k for k, v in sorted(leads.items()) if v[4]][:OPEN_RECEIPTS]
        keys += [k for k, v in sorted(leads.items()) if not v[4]]
        orders = self.env["purchase.order"]
        for key in keys:
            lines = []
            for data in products_data:
                if data["vendor"] == key and len(lines) < 6:
                    product = products[data["sku"]]
                    lines.append((0, 0, {
                        "product_id": product.id, "name": data["name"],
                        "product_qty": 24, "price_unit": data["cost"],
                        "product_uom": product.uom_po_id.id,
                        "date_planned": fields.Datetime.now()}))
            if lines:
                orders |= self.env["purchase.order"].create({
                    "partner_id": vendors[key].id,
                    "picking_type_id": wh_main.in_type_id.id,
                    "order_line": lines})
        orders.button_confirm()
        late = orders.filtered(lambda o: not leads[
            [k for k, v in vendors.items() if v == o.partner_id][0]][4])
        if late:
            # the unreliable vendor's receipt was due three days ago
            due = "%s 02:00:00" % (today - datetime.timedelta(days=3))
            self.env.cr.execute(
                "UPDATE purchase_order_line SET date_planned = %s "
                "WHERE order_id = ANY(%s)",
                (due, late.ids))
            self.env.cr.execute(
                "UPDATE stock_move SET date_expected = %s WHERE purchase_line_id IN "
                "(SELECT id FROM purchase_order_line WHERE order_id = ANY(%s))",
                (due, late.ids))
            self.invalidate_cache()
        if zone and not self.env["ecom.bin.count.plan"].search(
                [("zone_id", "=", zone.id)]):
            # never counted: class A (and B, C) due today
            self.env["ecom.bin.count.plan"].create({"zone_id": zone.id})

    def _demo_planning(self, products, categories, wh_main, today):
        """Demand-driven reorder rules, suggestions, ABC classes, overstock,
        and the promotion behind the spike."""
        Rule = self.env["stock.warehouse.orderpoint"]
        rules = Rule
        for product in products.values():
            rules |= Rule.create({
                "product_id": product.id, "warehouse_id": wh_main.id,
                "location_id": wh_main.lot_stock_id.id,
                "product_min_qty": 10, "product_max_qty": 40,
                "reorder_policy": "demand"})
        rules.action_compute_suggestions()
        spike = today - datetime.timedelta(days=story.PROMO_DAYS_AGO)
        self.env["ecom.promotion"].create({
            "name": "双11 大促（演示）",
            "date_from": fields.Date.to_string(spike),
            "date_to": fields.Date.to_string(spike),
            "uplift_percent": 300.0,
            "categ_ids": [(6, 0, [categ.id for categ in categories.values()])],
        })
        policy = self.env["ecom.bin.abc.policy"].search([], limit=1)
        if policy:
            policy.action_classify()
        self.env["ecom.overstock.line"].action_refresh()
