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
    rules_ordered = fields.Integer("Rules Ordered", readonly=True)
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
            "summary": _("%d rules checked, %d RFQs created, %d updated, "
                         "%d lines in %.2f s") % (
                totals["rules"], totals["created"], totals["updated"],
                totals["lines"], seconds),
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
        rates = self.env["ecom.vendor.scorecard"]._vendor_rates(
            {ln["partner_id"] for lines in infos.values() for ln in lines})
        weights = self._weights()
        grouped = {}
        for rule, qty in needs:
            line = self._choose_vendor(rule, qty, infos.get(rule.product_id.id, []),
                                       rates, weights)
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
        in_progress = rules._ecom_in_progress(rules.ids)
        needs = []
        for rule in rules:
            qty = demand.order_quantity(
                forecasts.get(rule.id), rule.product_min_qty, rule.product_max_qty,
                rule.qty_multiple, in_progress[rule.id], rule.product_uom.rounding)
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
                raise UserError(_("System parameter %s must be a number, got %r.")
                                % (param, value))
        return weights

    def _choose_vendor(self, rule, qty, infos, rates, weights):
        """Values of the RFQ line of ``rule`` (with its ``partner_id``), or None
        when the product has no vendor of the rule's company."""
        company = rule.company_id.id
        infos = [ln for ln in infos
                 if not ln["company_id"] or ln["company_id"][0] == company]
        if not infos:
            return None
        product = rule.product_id
        po_uom = product.uom_po_id
        po_qty = rule.product_uom._compute_quantity(qty, po_uom)
        by_partner = {}
        for info in infos:
            by_partner.setdefault(info["partner_id"], []).append(info)
        candidates = []
        for partner_id, lines in by_partner.items():
            on_time, quality = rates.get(partner_id, (None, None))
            candidates.append(supplier.Candidate(
                partner_id, lines[0]["name"][1],
                [(ln["min_qty"], ln["price"]) for ln in lines], lines[0]["delay"],
                min(ln["min_qty"] for ln in lines), on_time, quality))
        choice = supplier.choose(candidates, po_qty, weights)
        chosen = next(c for c in candidates if c.key == choice.key)
        reason = choice.reason
        if rule.reorder_policy == "demand":
            if choice.qty > po_qty:
                reason += _("; raised from %s to vendor minimum %s") % (
                    po_qty, choice.qty)
                po_qty = choice.qty
        unit_price, _dummy = supplier.price_for_qty(chosen.breaks, po_qty)
        date_planned = datetime.datetime.now() + datetime.timedelta(
            days=int(chosen.delay or 0) + (rule.lead_days or 0))
        return {
            "partner_id": choice.key,
            "product": product,
            "rule": rule,
            "product_qty": po_qty,
            "product_uom": po_uom.id,
            "price_unit": unit_price,
            "date_planned": date_planned.strftime(DEFAULT_SERVER_DATETIME_FORMAT),
            "ecom_vendor_reason": reason,
        }

    def _write_rfqs(self, warehouse, grouped):
        """Create or complete one draft RFQ per vendor for ``warehouse``."""
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
        for partner_id, items in grouped.items():
            order = existing_by_partner.get(partner_id)
            commands = []
            current = {}
            if order:
                for pol in order.order_line:
                    current.setdefault((pol.product_id.id, pol.product_uom.id), pol)
            for item in items:
                pol = current.get((item["product"].id, item["product_uom"]))
                if pol:
                    commands.append((1, pol.id, {
                        "product_qty": pol.product_qty + item["product_qty"],
                        "ecom_vendor_reason": item["ecom_vendor_reason"],
                    }))
                else:
                    commands.append((0, 0, self._line_values(item)))
                lines += 1
            if order:
                values = {"order_line": commands}
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
                    "order_line": commands,
                })
                created += 1
            orders |= order
        return orders, created, updated, lines

    def display_name_origin(self):
        return "REPL/%s" % self.id

    def _line_values(self, item):
        product = item["product"]
        taxes = product.supplier_taxes_id.filtered(
            lambda t: t.company_id == self.company_id)
        name = product.display_name
        if product.description_purchase:
            name += "\n" + product.description_purchase
        return {
            "product_id": product.id,
            "name": name,
            "product_qty": item["product_qty"],
            "product_uom": item["product_uom"],
            "price_unit": item["price_unit"],
            "date_planned": item["date_planned"],
            "taxes_id": [(6, 0, taxes.ids)],
            "orderpoint_id": item["rule"].id,
            "ecom_vendor_reason": item["ecom_vendor_reason"],
        }
