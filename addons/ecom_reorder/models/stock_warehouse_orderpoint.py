# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models

from ..services import orderpoint, queries

SEASON_YEAR_DAYS = orderpoint.SEASON_YEAR_DAYS


class StockWarehouseOrderpoint(models.Model):
    """Reorder rules with a policy: ``fixed`` keeps Odoo's hand-typed min/max;
    ``demand`` suggests min/max from delivered quantities (stock-out days left
    out), season, promotions and the vendor's lead time and minimum.

    Suggestions are computed for many rules at once (:meth:`_compute_suggestions`
    reads all sales of a warehouse in one query) and either applied at once
    (``auto_apply``) or left for review ("Apply suggestions")."""

    _inherit = "stock.warehouse.orderpoint"

    reorder_policy = fields.Selection(
        [("fixed", "Fixed min/max"), ("demand", "Demand-driven")],
        "Policy", required=True, default="fixed",
        help="Fixed: min/max as typed (Odoo's behaviour). Demand-driven: min/max "
             "suggested from sales, season, promotions and vendor lead time.")
    demand_window_days = fields.Integer(
        "Demand Window (days)", default=90,
        help="Days of delivered customer quantities the average is taken over.")
    review_days = fields.Integer(
        "Review Period (days)", default=7,
        help="Days between two replenishment runs for this product.")
    order_cycle_days = fields.Integer(
        "Order Cycle (days)", default=14,
        help="Days of demand one order should cover: max = min + demand x cycle.")
    safety_method = fields.Selection(
        [("days", "Days of demand"), ("service", "Service level")],
        default="days", required=True)
    safety_days = fields.Float(default=3.0)
    service_level = fields.Float(
        "Service Level (%)", default=95.0,
        help="Safety stock = z(service level) x sigma(daily demand) "
             "x sqrt(lead time).")
    use_seasonality = fields.Boolean(
        "Seasonality",
        help="Multiply demand by last year's index for the period ahead.")
    auto_apply = fields.Boolean(
        "Apply Automatically",
        help="The nightly recomputation writes suggestions to min/max directly; "
             "otherwise they wait for review.")
    reorder_paused = fields.Boolean(
        "Reordering Paused", help="The replenishment run skips paused rules.")
    suggested_min_qty = fields.Float("Suggested Min", readonly=True)
    suggested_max_qty = fields.Float("Suggested Max", readonly=True)
    daily_demand = fields.Float(readonly=True, digits=(16, 2))
    demand_explanation = fields.Char("Explanation", readonly=True)
    suggestion_date = fields.Datetime("Suggested On", readonly=True)
    suggestion_state = fields.Selection(
        [("none", "No suggestion"), ("review", "To review"), ("applied", "Applied")],
        default="none", readonly=True, index=True)
    forecast_qty = fields.Float(
        "Forecast", compute="_compute_forecast_qty",
        help="On hand + incoming - outgoing at the rule's location, as the "
             "scheduler sees it.")

    @api.depends("product_id", "location_id")
    def _compute_forecast_qty(self):
        # the form's values (an onchange may have changed them), not the table's
        forecasts = self._forecast_by_rule([
            {"id": rule.id, "product_id": rule.product_id.id,
             "location_id": rule.location_id.id} for rule in self if rule.id])
        for rule in self:
            rule.forecast_qty = forecasts.get(rule.id, 0.0)

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_compute_suggestions(self):
        self._compute_suggestions()
        return True

    @api.multi
    def action_apply_suggestions(self):
        """Copy suggested min/max of demand rules to the rule (grouped writes)."""
        rules = self.filtered(
            lambda r: r.reorder_policy == "demand" and r.suggestion_state == "review")
        groups = orderpoint.group_by_suggestion(
            (rule.id, rule.suggested_min_qty, rule.suggested_max_qty)
            for rule in rules)
        for (min_qty, max_qty), rule_ids in groups.items():
            self.browse(rule_ids).write({
                "product_min_qty": min_qty, "product_max_qty": max_qty,
                "suggestion_state": "applied"})
        return True

    @api.model
    def _cron_compute_suggestions(self):
        rules = self.search([("reorder_policy", "=", "demand")])
        rules._compute_suggestions()
        rules.filtered("auto_apply").action_apply_suggestions()

    # ------------------------------------------------------------ demand data
    @api.multi
    def _compute_suggestions(self, today=None):
        """Suggested min/max for every demand rule of ``self``, a few queries
        per warehouse whatever the number of rules."""
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        rules = self.filtered(lambda r: r.reorder_policy == "demand")
        vendors = rules.mapped("product_id")._ecom_vendor_terms()
        for warehouse in rules.mapped("warehouse_id"):
            wh_rules = rules.filtered(lambda r, w=warehouse: r.warehouse_id == w)
            products = wh_rules.mapped("product_id")
            start, end = orderpoint.history_window(
                wh_rules.mapped("demand_window_days"),
                any(wh_rules.mapped("use_seasonality")), today)
            sales = warehouse._ecom_daily_deliveries(products, start, end)
            stockouts = warehouse._ecom_stockout_days(products, start, end)
            horizon = orderpoint.promotion_horizon(
                rule._ecom_demand_terms() for rule in wh_rules)
            promos = self.env["ecom.promotion"]._promotions_by_product(
                products, today, today + datetime.timedelta(days=horizon))
            updates = {}
            for rule in wh_rules:
                updates[rule.id] = rule._suggest_one(
                    sales.get(rule.product_id.id, {}),
                    stockouts.get(rule.product_id.id, set()),
                    promos.get((rule.product_id.id, False), [])
                    + promos.get((rule.product_id.id, warehouse.id), []),
                    vendors.get(rule.product_id.id), today)
            self._write_suggestions(updates)
        return True

    def _ecom_demand_terms(self):
        """:class:`services.orderpoint.RuleTerms` of this rule."""
        self.ensure_one()
        return orderpoint.RuleTerms(
            self.demand_window_days, self.review_days, self.order_cycle_days,
            self.use_seasonality, self.safety_method, self.safety_days,
            self.service_level, self.qty_multiple)

    def _suggest_one(self, sales, stockouts, promos, vendor, today):
        """Suggestion of this rule (hook: ecom_rma adds to its explanation)."""
        self.ensure_one()
        return orderpoint.suggest_rule(self._ecom_demand_terms(), sales,
                                       stockouts, promos, vendor, today)

    def _write_suggestions(self, suggestions):
        """Write {rule id: Suggestion} with one UPDATE for all rules."""
        if not suggestions:
            return
        now = fields.Datetime.now()
        query, params = orderpoint.suggestion_update(suggestions, now, self.env.uid)
        self.env.cr.execute(query, params)
        self.invalidate_cache(ids=list(suggestions))

    # --------------------------------------------------------------- forecast
    RULE_COLUMNS = ("id", "product_id", "location_id", "warehouse_id",
                    "company_id", "product_min_qty", "product_max_qty",
                    "qty_multiple", "lead_days", "reorder_policy")

    @api.multi
    def _ecom_rule_rows(self):
        """[dict of the columns the replenishment run needs] of ``self``, in
        the order of ``self``, from one query: reading orderpoints through
        the ORM prefetches and computes their related fields record by
        record, which dominates a run on thousands of rules otherwise."""
        if not self.ids:
            return []
        # column names are this class's constant, not user input
        self.env.cr.execute(  # pylint: disable=sql-injection
            queries.select_rules(self.RULE_COLUMNS), (self.ids,))
        by_id = {row[0]: dict(zip(self.RULE_COLUMNS, row))
                 for row in self.env.cr.fetchall()}
        return [by_id[rule_id] for rule_id in self.ids if rule_id in by_id]

    @api.multi
    def _forecast_by_rule(self, rows=None):
        """{rule id: virtual quantity at its location}: Odoo's own computation
        (product._product_available with the location in context: quants and
        pending moves in three grouped queries per location).

        ``rows`` are :meth:`_ecom_rule_rows` of ``self`` when already read."""
        if rows is None:
            rows = self._ecom_rule_rows()
        by_location = {}
        for row in rows:
            if row["location_id"] and row["product_id"]:
                by_location.setdefault(row["location_id"], []).append(row)
        Product = self.env["product.product"]
        result = {}
        for location_id, location_rows in by_location.items():
            product_ids = list({row["product_id"] for row in location_rows})
            products = Product.browse(product_ids).with_context(
                location=location_id)
            available = products._ecom_virtual_available()
            for row in location_rows:
                result[row["id"]] = available[row["product_id"]]
        return result

    @api.multi
    def _ecom_bought_rules(self):
        """The rules whose procurement Odoo would send to the Buy route: the
        first procurement rule at the location (or a parent) among the
        product's routes, else the warehouse's routes, ordered like
        procurement.group._search_rule. One search for all rules."""
        # columns in SQL: prefetching orderpoints computes their related fields
        self.env.cr.execute(queries.RULE_ROUTE_COLUMNS, (self.ids,))
        columns = self.env.cr.fetchall()
        locations = self.env["stock.location"].browse(
            list({row[2] for row in columns}))
        chain = {}
        for location in locations:
            ancestors, current = [], location
            while current:
                ancestors.append(current.id)
                current = current.location_id
            chain[location.id] = ancestors
        all_ids = {lid for ids in chain.values() for lid in ids}
        pulls = self.env["procurement.rule"].search(
            [("location_id", "in", list(all_ids))],
            order="route_sequence, sequence")
        by_location = {}
        for pull in pulls:
            by_location.setdefault(pull.location_id.id, []).append(
                (pull.route_id.id, pull.warehouse_id.id, pull.action))
        routes = self.env["product.product"].browse(
            list({row[1] for row in columns}))._ecom_route_ids()
        warehouse_routes = {
            warehouse.id: set(warehouse.route_ids.ids)
            for warehouse in self.env["stock.warehouse"].browse(
                list({row[3] for row in columns}))}
        bought_ids = orderpoint.bought_rule_ids(
            columns, chain, by_location, routes, warehouse_routes)
        return self.browse([rid for rid in self.ids if rid in bought_ids])

    @api.model
    def _ecom_in_progress(self, rule_ids):
        """{rule id: quantity of draft RFQ lines of the rule} in the rule's unit,
        like purchase's _quantity_in_progress but one grouped query."""
        result = dict.fromkeys(rule_ids, 0.0)
        if not rule_ids:
            return result
        groups = self.env["purchase.order.line"].read_group(
            [("state", "in", ("draft", "sent", "to approve")),
             ("orderpoint_id", "in", list(rule_ids))],
            ["orderpoint_id", "product_uom", "product_qty"],
            ["orderpoint_id", "product_uom"], lazy=False)
        # the rule's unit is its product's (a related field: read in SQL)
        self.env.cr.execute(queries.RULE_UOM, (list(rule_ids),))
        uom_by_rule = dict(self.env.cr.fetchall())
        Uom = self.env["product.uom"]
        for group in groups:
            rule_id = group["orderpoint_id"][0]
            qty = group["product_qty"]
            if group["product_uom"][0] != uom_by_rule[rule_id]:
                qty = Uom.browse(group["product_uom"][0])._compute_quantity(
                    qty, Uom.browse(uom_by_rule[rule_id]), round=False)
            result[rule_id] += qty
        return result


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _ecom_internal_location_ids(self):
        self.ensure_one()
        return self.env["stock.location"].search([
            ("id", "child_of", self.view_location_id.id),
            ("usage", "=", "internal")]).ids

    def _ecom_daily_deliveries(self, products, start, end):
        """{product id: {date: qty delivered to customers}} from done moves
        leaving this warehouse between start and end (one grouped query)."""
        self.ensure_one()
        result = {}
        if not products:
            return result
        self.env.cr.execute(queries.DAILY_DELIVERIES, (
            self._ecom_internal_location_ids(), products.ids,
            fields.Date.to_string(start),
            fields.Date.to_string(end + datetime.timedelta(days=1))))
        for product_id, day, qty in self.env.cr.fetchall():
            # Odoo's cursor returns dates as strings
            result.setdefault(product_id, {})[fields.Date.from_string(day)] = qty
        return result

    def _ecom_stockout_days(self, products, start, end):
        """{product id: set of days that ended with nothing on hand} in this
        warehouse, rebuilt backwards from today's quants and the done moves'
        daily net flow (two grouped queries)."""
        self.ensure_one()
        if not products:
            return {}
        locations = self._ecom_internal_location_ids()
        self.env.cr.execute(queries.ON_HAND, (locations, products.ids))
        on_hand = dict(self.env.cr.fetchall())
        self.env.cr.execute(queries.NET_FLOW, {
            "locs": locations, "products": products.ids,
            "start": fields.Date.to_string(start)})
        net = {}
        for product_id, day, qty in self.env.cr.fetchall():
            net.setdefault(product_id, {})[fields.Date.from_string(day)] = qty
        return {product.id: orderpoint.stockout_days(
            on_hand.get(product.id, 0.0), net.get(product.id, {}), start, end)
            for product in products}


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _ecom_vendor_terms(self):
        """{product id: {"delay", "min_qty"}} of each product's first valid
        vendor (Odoo's choice), from one read of the vendor lines."""
        infos = self._ecom_supplierinfos()
        result = {}
        for product in self:
            terms = orderpoint.vendor_terms(infos.get(product.id))
            if terms:
                result[product.id] = terms
        return result

    def _ecom_supplierinfos(self, date=None, data=None):
        """{product id: [vendor line dicts in Odoo's order]} (one query).

        ``data`` is :meth:`_ecom_data` of ``self`` when already read."""
        date = date or fields.Date.context_today(self)
        Info = self.env["product.supplierinfo"]
        query = Info._where_calc([
            ("product_tmpl_id.product_variant_ids", "in", self.ids),
            "|", ("date_start", "=", False), ("date_start", "<=", date),
            "|", ("date_end", "=", False), ("date_end", ">=", date)])
        Info._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        # columns only: search_read would name_get every template and vendor
        self.env.cr.execute(  # pylint: disable=sql-injection
            queries.supplierinfo_select(from_clause, where_clause,
                                        orderpoint.SUPPLIERINFO_COLUMNS), params)
        rows = self.env.cr.fetchall()
        if data is None:
            data = self._ecom_data()
        tmpl_of = {pid: values["tmpl_id"] for pid, values in data.items()}
        return orderpoint.supplierinfos_by_product(rows, tmpl_of, self.ids)

    def _ecom_purchase_names(self, partner_id, data):
        """{product id: RFQ line description} for ``partner_id``, as Odoo's
        purchase builds it: the product's display name in the vendor's
        language with the vendor as ``partner_id`` in context (the vendor's
        own product name and code win), then the purchase description.

        ``data`` is :meth:`_ecom_data` of ``self``. Products without variant
        attributes, for a vendor whose language is English or unset, are
        named from their columns (name_get would read every vendor line of
        each product one by one); any other product goes through the ORM."""
        if not self:
            return {}
        partner = self.env["res.partner"].browse(partner_id)
        partner_ids = [partner_id, partner.commercial_partner_id.id]
        plain_lang = partner.lang in (False, None, "en_US")
        cr = self.env.cr
        cr.execute(queries.WITH_VARIANTS, (self.ids,))
        with_variants = {row[0] for row in cr.fetchall()}
        cr.execute(queries.SELLER_NAMES, (
            partner_ids, list({data[pid]["tmpl_id"] for pid in self.ids})))
        sellers = {}
        for tmpl_id, product_id, product_name, product_code in cr.fetchall():
            sellers.setdefault(tmpl_id, []).append(
                (product_id, product_name, product_code))
        result = {}
        slow = []
        for product_id in self.ids:
            if product_id in with_variants or not plain_lang:
                slow.append(product_id)
                continue
            values = data[product_id]
            result[product_id] = orderpoint.purchase_name(
                product_id, values, sellers.get(values["tmpl_id"], []))
        if slow:
            products = self.browse(slow).with_context(
                lang=partner.lang, partner_id=partner_id)
            for product in products:
                name = product.display_name
                if product.description_purchase:
                    name += "\n" + product.description_purchase
                result[product.id] = name
        return result

    def _ecom_data(self):
        """{product id: dict of the columns the replenishment run needs} in
        one query: product.product reaches its template's fields through
        related fields computed record by record, which dominates the run on
        thousands of products otherwise."""
        if not self:
            return {}
        cr = self.env.cr
        cr.execute(queries.PRODUCT_DATA, (self.ids,))
        keys = queries.PRODUCT_DATA_KEYS
        result = {row[0]: dict(zip(keys, row[1:]), tax_ids=[])
                  for row in cr.fetchall()}
        cr.execute(queries.PRODUCT_TAXES, (self.ids,))
        for product_id, tax_id in cr.fetchall():
            result[product_id]["tax_ids"].append(tax_id)
        return result

    def _ecom_route_ids(self):
        """{product id: set of route ids of the product and its categories}
        (product.route_ids | categ_id.total_route_ids) in two queries."""
        if not self:
            return {}
        cr = self.env.cr
        cr.execute(queries.PRODUCT_ROUTES, (self.ids, self.ids))
        result = {}
        for product_id, route_id in cr.fetchall():
            result.setdefault(product_id, set()).add(route_id)
        return result

    def _ecom_virtual_available(self):
        """{product id: virtual quantity}: stock's _compute_quantities_dict
        (same location domains from _get_domain_locations, same rounding),
        summed in SQL so that no product name is resolved on the way."""
        domain_quant, domain_in, domain_out = self._get_domain_locations()
        product_domain = [("product_id", "in", self.ids)]
        todo = [("state", "not in", ("done", "cancel", "draft"))]
        quants = self._ecom_sum("stock.quant", "quantity",
                                product_domain + domain_quant)
        incoming = self._ecom_sum("stock.move", "product_qty",
                                  todo + product_domain + domain_in)
        outgoing = self._ecom_sum("stock.move", "product_qty",
                                  todo + product_domain + domain_out)
        data = self._ecom_data()
        result = {}
        for product_id in self.ids:
            result[product_id] = orderpoint.virtual_available(
                quants.get(product_id, 0.0), incoming.get(product_id, 0.0),
                outgoing.get(product_id, 0.0), data[product_id]["rounding"])
        return result

    def _ecom_sum(self, model, field, domain):
        Model = self.env[model]
        query = Model._where_calc(domain)
        Model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        table = Model._table
        self.env.cr.execute(  # pylint: disable=sql-injection
            queries.sum_by_product(table, field, from_clause, where_clause), params)
        return dict(self.env.cr.fetchall())
