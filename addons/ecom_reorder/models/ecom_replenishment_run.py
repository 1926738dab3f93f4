# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import DEFAULT_SERVER_DATETIME_FORMAT

from ..services import demand, supplier

WEIGHT_PARAMS = {
    "price": "ecom_reorder.weight_price",
    "reliability": "ecom_reorder.weight_reliability",
    "quality": "ecom_reorder.weight_quality",
}


class EcomReplenishmentRun(models.Model):
    """One replenishment pass: every active, unpaused reorder rule of the chosen
    warehouses is checked in one set-based pass per warehouse and what is needed
    goes into draft RFQs, one per vendor and warehouse (an existing draft RFQ of
    that vendor for that warehouse is completed rather than duplicated).

    Quantities of ``fixed`` rules are Odoo's scheduler's (same forecast, same
    formula, same deduction of draft RFQ lines of the rule); ``demand`` rules
    are also raised to the chosen vendor's minimum. The vendor is chosen by
    :func:`services.supplier.choose` and the reason is kept on the RFQ line."""

    _name = "ecom.replenishment.run"
    _description = "Replenishment Run"
    _order = "id desc"

    name = fields.Char(default=lambda self: _("Replenishment run"), readonly=True)
    warehouse_ids = fields.Many2many(
        "stock.warehouse", string="Warehouses",
        help="Leave empty for every warehouse of the company.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", readonly=True)
    date_done = fields.Datetime(readonly=True)
    rules_checked = fields.Integer(readonly=True)
    rules_ordered = fields.Integer(readonly=True)
    rfq_created = fields.Integer("RFQs Created", readonly=True)
    rfq_updated = fields.Integer("RFQs Updated", readonly=True)
    lines_count = fields.Integer("RFQ Lines", readonly=True)
    seconds = fields.Float(readonly=True, digits=(16, 3))
    skipped_no_vendor = fields.Integer("Skipped (no vendor)", readonly=True)
    summary = fields.Char(readonly=True)
    purchase_ids = fields.Many2many("purchase.order", string="RFQs", readonly=True)

    @api.multi
    def action_run(self):
        for run in self:
            run._run()
        if len(self) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "current",
            }
        return True

    @api.multi
    def action_view_rfqs(self):
        self.ensure_one()
        action = self.env.ref("purchase.purchase_rfq").read()[0]
        action["domain"] = [("id", "in", self.purchase_ids.ids)]
        action["context"] = {}
        return action

    @api.model
    def _cron_run(self):
        for company in self.env["res.company"].search([]):
            self.create({"company_id": company.id}).action_run()

    # ------------------------------------------------------------------ engine
    def _run(self):
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("Replenishment run %s is already done.") % self.id)
        started = time.perf_counter()
        env = self.env(context=dict(self.env.context, tracking_disable=True,
                                    mail_create_nolog=True, mail_notrack=True))
        warehouses = self.warehouse_ids or env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)])
        totals = {"rules": 0, "ordered": 0, "created": 0, "updated": 0,
                  "lines": 0, "no_vendor": 0}
        purchases = env["purchase.order"]
        for warehouse in warehouses:
            stats, orders = self.with_env(env)._run_warehouse(warehouse)
            for key, value in stats.items():
                totals[key] += value
            purchases |= orders
        seconds = time.perf_counter() - started
        self.write({
            "state": "done",
            "date_done": fields.Datetime.now(),
            "rules_checked": totals["rules"],
            "rules_ordered": totals["ordered"],
            "rfq_created": totals["created"],
            "rfq_updated": totals["updated"],
            "lines_count": totals["lines"],
            "skipped_no_vendor": totals["no_vendor"],
            "seconds": seconds,
            "purchase_ids": [(6, 0, purchases.ids)],
            "summary": _(
                "%(rules)d rules checked, %(created)d RFQs created, %(updated)d "
                "updated, %(lines)d lines in %(seconds).2f s") % dict(
                    totals, seconds=seconds),
        })
        return self._summary()

    def _summary(self):
        return {
            "run_id": self.id,
            "rules_checked": self.rules_checked,
            "rules_ordered": self.rules_ordered,
            "rfq_created": self.rfq_created,
            "rfq_updated": self.rfq_updated,
            "lines": self.lines_count,
            "skipped_no_vendor": self.skipped_no_vendor,
            "seconds": self.seconds,
            "purchase_ids": self.purchase_ids.ids,
        }

    def _run_warehouse(self, warehouse):
        """Needs of every rule of ``warehouse``, then RFQs. Returns (stats, POs)."""
        Rule = self.env["stock.warehouse.orderpoint"]
        rules = Rule.search([
            ("warehouse_id", "=", warehouse.id), ("reorder_paused", "=", False),
            ("company_id", "=", self.company_id.id),
            ("product_id.type", "=", "product")])._ecom_bought_rules()
        stats = {"rules": len(rules), "ordered": 0, "created": 0, "updated": 0,
                 "lines": 0, "no_vendor": 0}
        if not rules:
            return stats, self.env["purchase.order"]
        needs = self._rule_needs(rules)
        if not needs:
            return stats, self.env["purchase.order"]
        products = rules.mapped("product_id")
        infos = products._ecom_supplierinfos()
        product_data = products._ecom_data()
        rates = self.env["ecom.vendor.scorecard"]._vendor_rates(
            {ln["partner_id"] for lines in infos.values() for ln in lines})
        weights = self._weights()
        grouped = {}
        for rule, qty in needs:
            line = self._choose_vendor(rule, qty, infos.get(rule.product_id.id, []),
                                       rates, weights, product_data)
            if line is None:
                stats["no_vendor"] += 1
                continue
            grouped.setdefault(line.pop("partner_id"), []).append(line)
        stats["ordered"] = sum(len(v) for v in grouped.values())
        orders, created, updated, lines = self._write_rfqs(warehouse, grouped)
        stats.update(created=created, updated=updated, lines=lines)
        return stats, orders

    def _rule_needs(self, rules):
        """[(rule, qty in the rule's unit)] for rules below their minimum."""
        forecasts = rules._forecast_by_rule()
        rounding = {pid: values["rounding"] for pid, values
                    in rules.mapped("product_id")._ecom_data().items()}
        in_progress = rules._ecom_in_progress(rules.ids)
        needs = []
        for rule in rules:
            qty = demand.order_quantity(
                forecasts.get(rule.id), rule.product_min_qty, rule.product_max_qty,
                rule.qty_multiple, in_progress[rule.id], rounding[rule.product_id.id])
            if qty > 0:
                needs.append((rule, qty))
        return needs

    def _weights(self):
        params = self.env["ir.config_parameter"].sudo()  # reading 3 numbers only
        weights = {}
        for key, param in WEIGHT_PARAMS.items():
            value = params.get_param(param, supplier.DEFAULT_WEIGHTS[key])
            try:
                weights[key] = float(value)
            except ValueError:
                raise UserError(_(
                    "System parameter %(param)s must be a number, got %(value)r."
                ) % {"param": param, "value": value})
        return weights

    def _choose_vendor(self, rule, qty, infos, rates, weights, product_data):
        """Values of the RFQ line of ``rule`` (with its ``partner_id``), or None
        when the product has no vendor of the rule's company."""
        company = rule.company_id.id
        infos = [ln for ln in infos
                 if not ln["company_id"] or ln["company_id"] == company]
        if not infos:
            return None
        product = rule.product_id
        data = product_data[product.id]
        po_uom = data["uom_po_id"]
        po_qty = qty
        if po_uom != data["uom_id"]:
            Uom = self.env["product.uom"]
            po_qty = Uom.browse(data["uom_id"])._compute_quantity(
                qty, Uom.browse(po_uom))
        by_partner = {}
        for info in infos:
            by_partner.setdefault(info["partner_id"], []).append(info)
        candidates = []
        for partner_id, lines in by_partner.items():
            on_time, quality = rates.get(partner_id, (None, None))
            candidates.append(supplier.Candidate(
                partner_id, partner_id,
                [(ln["min_qty"], ln["price"]) for ln in lines], lines[0]["delay"],
                min(ln["min_qty"] for ln in lines), on_time, quality))
        choice = supplier.choose(candidates, po_qty, weights)
        chosen = next(c for c in candidates if c.key == choice.key)
        reason = choice.reason
        if rule.reorder_policy == "demand":
            if choice.qty > po_qty:
                reason += _("; raised from %(qty)s to vendor minimum %(moq)s") % {
                    "qty": po_qty, "moq": choice.qty}
                po_qty = choice.qty
        unit_price, _dummy = supplier.price_for_qty(chosen.breaks, po_qty)
        date_planned = datetime.datetime.now() + datetime.timedelta(
            days=int(chosen.delay or 0) + (rule.lead_days or 0))
        return {
            "partner_id": choice.key,
            "product": product,
            "data": data,
            "rule": rule,
            "product_qty": po_qty,
            "product_uom": po_uom,
            "price_unit": unit_price,
            "date_planned": date_planned.strftime(DEFAULT_SERVER_DATETIME_FORMAT),
            "ecom_vendor_reason": reason,
        }

    def _write_rfqs(self, warehouse, grouped):
        """Create or complete one draft RFQ per vendor for ``warehouse``.

        Orders go through the ORM (sequence, fiscal position, followers);
        their new lines are inserted with one INSERT per order and then
        recomputed by the ORM in batch (amounts, order totals), because the
        ORM's per-line create costs about 20 ms a line, most of the run."""
        Purchase = self.env["purchase.order"]
        picking_type = warehouse.in_type_id
        existing = Purchase.search([
            ("partner_id", "in", list(grouped)), ("state", "=", "draft"),
            ("picking_type_id", "=", picking_type.id),
            ("company_id", "=", self.company_id.id)], order="id")
        existing_by_partner = {}
        for order in existing:
            existing_by_partner.setdefault(order.partner_id.id, order)
        origin = self.display_name_origin()
        orders = Purchase
        created = updated = lines = 0
        new_lines = []
        for partner_id, items in grouped.items():
            order = existing_by_partner.get(partner_id)
            if order:
                current = {}
                for pol in order.order_line:
                    current.setdefault((pol.product_id.id, pol.product_uom.id), pol)
                commands = []
                for item in items:
                    pol = current.get((item["product"].id, item["product_uom"]))
                    if pol:
                        commands.append((1, pol.id, {
                            "product_qty": pol.product_qty + item["product_qty"],
                            "ecom_vendor_reason": item["ecom_vendor_reason"],
                        }))
                    else:
                        new_lines.append((order, item))
                values = {}
                if commands:
                    values["order_line"] = commands
                if origin not in (order.origin or "").split(", "):
                    values["origin"] = ", ".join(filter(None, [order.origin, origin]))
                order.write(values)
                updated += 1
            else:
                order = Purchase.create({
                    "partner_id": partner_id,
                    "picking_type_id": picking_type.id,
                    "company_id": self.company_id.id,
                    "origin": origin,
                    "ecom_replenishment_run_id": self.id,
                })
                new_lines += [(order, item) for item in items]
                created += 1
            lines += len(items)
            orders |= order
        self._insert_lines(new_lines)
        return orders, created, updated, lines

    def _insert_lines(self, pairs):
        """INSERT the RFQ lines [(order, item)] at once, then let the ORM
        recompute their amounts and their orders' totals."""
        if not pairs:
            return
        cr = self.env.cr
        now = fields.Datetime.now()
        rows = []
        taxes_by_row = []
        for order, item in pairs:
            values = self._line_values(order, item)
            taxes_by_row.append(values.pop("tax_ids"))
            rows.append(cr.mogrify(
                "(%(name)s, 10, %(product_qty)s, %(date_planned)s, %(product_uom)s,"
                " %(product_id)s, %(price_unit)s, %(price_subtotal)s,"
                " %(price_total)s, %(price_tax)s, %(order_id)s, %(company_id)s,"
                " 'draft', 0, 0, %(partner_id)s, %(currency_id)s,"
                " %(orderpoint_id)s, %(ecom_vendor_reason)s, %(uid)s, %(now)s,"
                " %(uid)s, %(now)s)", dict(values, uid=self.env.uid, now=now)
            ).decode())
        # every row was built by cr.mogrify: values are quoted by psycopg2
        cr.execute(  # pylint: disable=sql-injection
            """
            INSERT INTO purchase_order_line
                (name, sequence, product_qty, date_planned, product_uom,
                 product_id, price_unit, price_subtotal, price_total, price_tax,
                 order_id, company_id, state,
                 qty_invoiced, qty_received, partner_id, currency_id,
                 orderpoint_id, ecom_vendor_reason, create_uid, create_date,
                 write_uid, write_date)
            VALUES """ + ", ".join(rows) + " RETURNING id")
        ids = [row[0] for row in cr.fetchall()]
        tax_rows = [(line_id, tax_id) for line_id, tax_ids in zip(ids, taxes_by_row)
                    for tax_id in tax_ids]
        if tax_rows:
            cr.execute(  # pylint: disable=sql-injection
                "INSERT INTO account_tax_purchase_order_line_rel"
                " (purchase_order_line_id, account_tax_id) VALUES "
                + ", ".join(cr.mogrify("(%s, %s)", row).decode() for row in tax_rows))
        self.env["purchase.order.line"].invalidate_cache()
        Purchase = self.env["purchase.order"]
        Purchase.invalidate_cache(["order_line"])
        orders = Purchase.browse(list({order.id for order, _item in pairs}))
        for name in ("amount_untaxed", "amount_tax", "amount_total",
                     "date_planned"):
            self.env.add_todo(Purchase._fields[name], orders)
        orders.recompute()

    def display_name_origin(self):
        return "REPL/%s" % self.id

    def _line_values(self, order, item):
        """Column values of one RFQ line, amounts as purchase's
        _compute_amount computes them."""
        product = item["product"]
        data = item["data"]
        taxes = self.env["account.tax"].browse(data["tax_ids"]).filtered(
            lambda t: t.company_id == self.company_id)
        if order.fiscal_position_id:
            taxes = order.fiscal_position_id.map_tax(
                taxes, product, order.partner_id)
        # product.name_get reads the vendor lines of every product: build the
        # same "[code] name" for plain products
        name = data["name"]
        if data["default_code"]:
            name = "[%s] %s" % (data["default_code"], name)
        if data["description_purchase"]:
            name += "\n" + data["description_purchase"]
        qty, price = item["product_qty"], item["price_unit"]
        if taxes:
            computed = taxes.compute_all(price, order.currency_id, qty,
                                         product=product, partner=order.partner_id)
            subtotal = computed["total_excluded"]
            total = computed["total_included"]
            tax = sum(t.get("amount", 0.0) for t in computed["taxes"])
        else:
            subtotal = total = order.currency_id.round(price * qty)
            tax = 0.0
        return {
            "name": name,
            "product_qty": qty,
            "date_planned": item["date_planned"],
            "product_uom": item["product_uom"],
            "product_id": product.id,
            "price_unit": price,
            "price_subtotal": subtotal,
            "price_total": total,
            "price_tax": tax,
            "order_id": order.id,
            "company_id": order.company_id.id,
            "partner_id": order.partner_id.id,
            "currency_id": order.currency_id.id,
            "orderpoint_id": item["rule"].id,
            "ecom_vendor_reason": item["ecom_vendor_reason"],
            "tax_ids": taxes.ids,
        }
