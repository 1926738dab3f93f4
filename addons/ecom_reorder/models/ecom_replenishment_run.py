# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ecom_base.tools import bulk

from ..services import demand, replenishment, rounding, supplier

WEIGHT_PARAMS = replenishment.WEIGHT_PARAMS


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
        """Needs of every rule of ``warehouse``, then RFQs. Returns (stats, POs).

        Rules, products and vendor lines are handled as rows read in a few
        queries for the whole warehouse (no record-by-record ORM reads)."""
        Rule = self.env["stock.warehouse.orderpoint"]
        rules = Rule.search([
            ("warehouse_id", "=", warehouse.id), ("reorder_paused", "=", False),
            ("company_id", "=", self.company_id.id),
            ("product_id.type", "=", "product")])._ecom_bought_rules()
        stats = {"rules": len(rules), "ordered": 0, "created": 0, "updated": 0,
                 "lines": 0, "no_vendor": 0}
        if not rules:
            return stats, self.env["purchase.order"]
        rows = rules._ecom_rule_rows()
        products = self.env["product.product"].browse(
            list({row["product_id"] for row in rows}))
        product_data = products._ecom_data()
        needs = self._rule_needs(rules, rows, product_data)
        if not needs:
            return stats, self.env["purchase.order"]
        infos = products._ecom_supplierinfos(data=product_data)
        rates = self.env["ecom.vendor.scorecard"]._vendor_rates(
            {ln["partner_id"] for lines in infos.values() for ln in lines})
        weights = self._weights()
        grouped = {}
        for row, qty in needs:
            line = self._choose_vendor(row, qty, infos.get(row["product_id"], []),
                                       rates, weights, product_data)
            if line is None:
                stats["no_vendor"] += 1
                continue
            grouped.setdefault(line.pop("partner_id"), []).append(line)
        stats["ordered"] = sum(len(v) for v in grouped.values())
        orders, created, updated, lines = self._write_rfqs(warehouse, grouped)
        stats.update(created=created, updated=updated, lines=lines)
        return stats, orders

    def _rule_needs(self, rules, rows, product_data):
        """[(rule row, qty in the rule's unit)] for rules below their minimum."""
        forecasts = rules._forecast_by_rule(rows)
        in_progress = rules._ecom_in_progress(rules.ids)
        needs = []
        for row in rows:
            qty = demand.order_quantity(
                forecasts.get(row["id"]), row["product_min_qty"],
                row["product_max_qty"], row["qty_multiple"],
                in_progress[row["id"]],
                product_data[row["product_id"]]["rounding"])
            if qty > 0:
                needs.append((row, qty))
        return needs

    def _weights(self):
        params = self.env["ir.config_parameter"].sudo()  # reading 3 numbers only
        try:
            return replenishment.parse_numbers({
                key: (param, params.get_param(param, supplier.DEFAULT_WEIGHTS[key]))
                for key, param in WEIGHT_PARAMS.items()})
        except replenishment.ParamError as exc:
            raise UserError(_(
                "System parameter %(param)s must be a number, got %(value)r."
            ) % {"param": exc.param, "value": exc.value})

    def _choose_vendor(self, row, qty, infos, rates, weights, product_data):
        """Values of the RFQ line of the rule ``row`` (with its ``partner_id``),
        or None when the product has no vendor of the rule's company."""
        infos = replenishment.company_lines(infos, row["company_id"])
        if not infos:
            return None
        data = product_data[row["product_id"]]
        po_uom = data["uom_po_id"]
        po_qty = qty
        if po_uom != data["uom_id"]:
            Uom = self.env["product.uom"]
            po_qty = Uom.browse(data["uom_id"])._compute_quantity(
                qty, Uom.browse(po_uom))
        plan = replenishment.plan_line(row, po_qty, po_uom, infos, rates, weights,
                                       datetime.datetime.now())
        values = dict(plan.values, partner_id=plan.partner_id, data=data)
        if plan.raised:
            values["ecom_vendor_reason"] += _(
                "; raised from %(qty)s to vendor minimum %(moq)s") % plan.raised
        return values

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
        partners = {partner.id: partner for partner in self.env["res.partner"].browse(
            list(grouped)).with_context(force_company=self.company_id.id)}
        orders = Purchase
        created = updated = lines = 0
        new_lines = []
        for partner_id, items in grouped.items():
            order = existing_by_partner.get(partner_id)
            if order:
                merge = replenishment.merge_into_order(
                    [(pol.id, pol.product_id.id, pol.product_uom.id, pol.product_qty)
                     for pol in order.order_line], items)
                new_lines += [(order, item) for item in merge.new_items]
                values = {}
                if merge.updates:
                    values["order_line"] = [
                        (1, line_id, {"product_qty": qty, "ecom_vendor_reason": reason})
                        for line_id, qty, reason in merge.updates]
                new_origin = replenishment.merged_origin(order.origin, origin)
                if new_origin is not None:
                    values["origin"] = new_origin
                order.write(values)
                updated += 1
            else:
                order = Purchase.create(self._order_values(
                    partners[partner_id], picking_type, origin))
                new_lines += [(order, item) for item in items]
                created += 1
            lines += len(items)
            orders |= order
        self._insert_lines(new_lines)
        return orders, created, updated, lines

    #: Stored computed fields of an RFQ line that _line_values computes
    #: set-based (taxes and amounts as purchase computes them; the related
    #: columns from the order): stored as given by the bulk toolkit. The
    #: other stored fields depending on the lines (order amounts, another
    #: add-on's) are recomputed by their own compute methods.
    COMPUTED_LINE_FIELDS = (
        "price_subtotal", "price_total", "price_tax", "company_id", "state",
        "partner_id", "currency_id", "qty_received", "qty_invoiced")
    #: Stored fields of a draft RFQ that new lines without moves or bills
    #: leave as they are (bills, receipts; billing status "nothing to bill"
    #: while the order is not confirmed).
    UNCHANGED_ORDER_FIELDS = (
        "invoice_ids", "invoice_count", "invoice_status", "picking_ids",
        "picking_count")

    def _order_values(self, partner, picking_type, origin):
        """Header of a new RFQ as purchase's _prepare_purchase_order sets it
        for the vendor ``partner`` (browsed with force_company and with the
        other vendors of the run, so that their properties are read at once):
        currency, payment terms, fiscal position."""
        company = self.company_id
        partner_id = partner.id
        fpos = self.env["account.fiscal.position"].with_context(
            force_company=company.id).get_fiscal_position(partner_id)
        return {
            "partner_id": partner_id,
            "picking_type_id": picking_type.id,
            "company_id": company.id,
            "currency_id": partner.property_purchase_currency_id.id
            or self.env.user.company_id.currency_id.id,
            "payment_term_id": partner.property_supplier_payment_term_id.id,
            "fiscal_position_id": fpos,
            "origin": origin,
            "ecom_replenishment_run_id": self.id,
        }

    def _insert_lines(self, pairs):
        """Create the RFQ lines [(order, item)] set-based with the values the
        ORM would store (tests/test_replenishment.py compares them with lines
        created by the ORM), then recompute what depends on them (order
        amounts and date) once for the batch.

        The ORM's per-line create costs about 20 ms a line and its batch
        recomputation reads every line back: together most of the run. The
        line amounts are computed here per (order, taxes) group and stored as
        given (``COMPUTED_LINE_FIELDS``); everything else goes through the
        ORM's compute methods, so another add-on's stored field depending on
        RFQ lines is computed too."""
        if not pairs:
            return
        Line = self.env["purchase.order.line"]
        names = {}
        by_partner = {}
        for order, item in pairs:
            by_partner.setdefault(order.partner_id.id, {})[item["product_id"]] = \
                item["data"]
        for partner_id, data in by_partner.items():
            names[partner_id] = self.env["product.product"].browse(
                list(data))._ecom_purchase_names(partner_id, data)
        cache = {}
        vals_list = []
        for order, item in pairs:
            values = self._line_values(order, item, names, cache)
            values["taxes_id"] = [(6, 0, values.pop("tax_ids"))]
            # a new line has no receipt move and no bill line yet
            values.update(qty_received=0.0, qty_invoiced=0.0)
            vals_list.append(values)
        lines = bulk.create(Line, vals_list, computed=self.COMPUTED_LINE_FIELDS)
        orders = self.env["purchase.order"].browse(
            list({order.id for order, _item in pairs}))
        if all(state == "draft" for state in orders.mapped("state")):
            bulk.unchanged(orders, self.UNCHANGED_ORDER_FIELDS)
        bulk.recompute(self.env, [lines, orders])

    def display_name_origin(self):
        return "REPL/%s" % self.id

    def _line_values(self, order, item, names, cache):
        """Column values of one RFQ line as the ORM would store them: taxes as
        purchase's _compute_tax_id, price as its _onchange_quantity (vendor
        currency, tax-included prices), amounts as its _compute_amount, each
        value converted as its field converts it (digits, currency).
        ``cache`` keeps what many lines share (order columns, taxes, digits)."""
        data = item["data"]
        Line = self.env["purchase.order.line"]
        head = cache.get(order.id)
        if head is None:
            currency = order.currency_id
            head = cache[order.id] = {
                "company": order.company_id, "currency": currency,
                "partner": order.partner_id, "fpos": order.fiscal_position_id,
                "columns": {"order_id": order.id, "state": order.state,
                            "company_id": order.company_id.id,
                            "partner_id": order.partner_id.id,
                            "currency_id": currency.id},
                "names": names[order.partner_id.id],
                "rounding": currency.rounding,
            }
        if "digits" not in cache:
            cache["digits"] = {name: Line._fields[name].digits
                               for name in ("product_qty", "price_unit", "price_tax")}
        digits = cache["digits"]
        key = ("taxes", tuple(data["tax_ids"]), order.id)
        if key not in cache:
            supplier_taxes = self.env["account.tax"].browse(data["tax_ids"])
            taxes = supplier_taxes.filtered(lambda t: t.company_id == head["company"])
            if head["fpos"]:
                product = self.env["product.product"].browse(item["product_id"])
                taxes = head["fpos"].map_tax(taxes, product, head["partner"])
            included = any(supplier_taxes.mapped("price_include"))
            cache[key] = (supplier_taxes, taxes, included)
        supplier_taxes, taxes, included = cache[key]
        currency = head["currency"]
        price = item["price_unit"]
        if included:
            price = self.env["account.tax"]._fix_tax_included_price_company(
                price, supplier_taxes, taxes, head["company"])
        seller_currency = item["seller"]["currency_id"]
        if price and seller_currency and seller_currency != currency.id:
            price = self.env["res.currency"].browse(seller_currency).compute(
                price, currency)
        # the precision the ORM keeps (Float.convert_to_cache) before computing
        qty = _digits(item["product_qty"], digits["product_qty"])
        price = _digits(price, digits["price_unit"])
        product = self.env["product.product"].browse(item["product_id"])
        computed = taxes.compute_all(price, currency, qty,
                                     product=product, partner=head["partner"])
        values = dict(head["columns"])
        # Monetary.convert_to_column, Float.convert_to_column
        values.update(replenishment.line_amounts(
            qty, price, computed, head["rounding"], digits))
        values.update({
            "name": head["names"][item["product_id"]],
            "date_planned": item["date_planned"],
            "product_uom": item["product_uom"],
            "product_id": item["product_id"],
            "orderpoint_id": item["orderpoint_id"],
            "ecom_vendor_reason": item["ecom_vendor_reason"],
            "tax_ids": taxes.ids,
        })
        return values


#: Float value as a Float field with ``digits`` keeps it.
_digits = rounding.round_digits
