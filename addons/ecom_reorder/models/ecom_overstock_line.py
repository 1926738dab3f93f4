# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import overstock, queries, replenishment

PARAMS = overstock.PARAMS
DEMAND_DAYS = overstock.DEMAND_DAYS


class EcomOverstockLine(models.Model):
    """A product overstocked in a warehouse, with why and what to do about it.
    The list is rebuilt by "Refresh" (and nightly), a few queries per warehouse."""

    _name = "ecom.overstock.line"
    _description = "Overstock / Ageing"
    _order = "days_of_cover desc, id"

    product_id = fields.Many2one("product.product", required=True, readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, readonly=True)
    orderpoint_id = fields.Many2one("stock.warehouse.orderpoint", readonly=True)
    forecast_qty = fields.Float("Forecast", readonly=True)
    max_qty = fields.Float("Rule Max", readonly=True)
    daily_demand = fields.Float(readonly=True, digits=(16, 2))
    days_of_cover = fields.Float(readonly=True, digits=(16, 0))
    last_sale_date = fields.Date(readonly=True)
    reasons = fields.Char(readonly=True)
    suggested_action = fields.Selection(
        [("promote", "Promote"), ("transfer", "Transfer to another warehouse"),
         ("pause", "Pause reordering")], readonly=True)
    transfer_warehouse_id = fields.Many2one(
        "stock.warehouse", "Short Warehouse", readonly=True,
        help="A warehouse whose rule for this product is below its minimum.")

    @api.model
    def action_refresh(self):
        self._refresh()
        return {"type": "ir.actions.client", "tag": "reload"}

    @api.model
    def _params(self):
        # sudo: reads three numeric thresholds, nothing else of the parameters.
        params = self.env["ir.config_parameter"].sudo()
        try:
            return replenishment.parse_numbers({
                key: (name, params.get_param(name, default))
                for key, (name, default) in PARAMS.items()})
        except replenishment.ParamError as exc:
            raise UserError(_(
                "System parameter %(param)s must be a number, got %(value)r."
            ) % {"param": exc.param, "value": exc.value})

    @api.model
    def _refresh(self, warehouses=None, today=None):
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        params = self._params()
        warehouses = warehouses or self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.user.company_id.id)])
        self.search([("warehouse_id", "in", warehouses.ids)]).unlink()
        Rule = self.env["stock.warehouse.orderpoint"]
        all_rules = Rule.search([("warehouse_id", "in", warehouses.ids)])
        forecast_by_rule = all_rules._forecast_by_rule()
        short = overstock.short_warehouses(
            (rule.product_id.id, rule.warehouse_id.id,
             forecast_by_rule.get(rule.id, 0.0), rule.product_min_qty)
            for rule in all_rules)
        values = []
        for warehouse in warehouses:
            rules = all_rules.filtered(lambda r, w=warehouse: r.warehouse_id == w)
            values += self._lines_for(warehouse, rules, short, params, today)
        for vals in values:
            self.create(vals)
        return len(values)

    def _lines_for(self, warehouse, rules, short, params, today):
        """Values of the overstock lines of ``warehouse``; ``short``: {product
        id: id of a warehouse short of it}."""
        self.env.cr.execute(queries.STOCKED_PRODUCTS,
                            (warehouse._ecom_internal_location_ids(),))
        products = self.env["product.product"].browse(
            [row[0] for row in self.env.cr.fetchall()]) | rules.mapped("product_id")
        products = products.filtered(lambda p: p.type == "product")
        if not products:
            return []
        forecast = products.with_context(
            warehouse=warehouse.id)._product_available()
        start = today - datetime.timedelta(days=DEMAND_DAYS)
        sales = warehouse._ecom_daily_deliveries(
            products, start, today - datetime.timedelta(days=1))
        last_sale = self._last_sale_dates(warehouse, products)
        rule_of = {r.product_id.id: overstock.RuleInfo(
            r.id, r.product_max_qty, r.reorder_policy) for r in rules}
        values = []
        for product in products:
            vals = overstock.line_values(
                product.id, warehouse.id, forecast[product.id]["virtual_available"],
                sum(sales.get(product.id, {}).values()), last_sale.get(product.id),
                today, rule_of.get(product.id), short.get(product.id), params)
            if vals:
                values.append(vals)
        return values

    def _last_sale_dates(self, warehouse, products):
        self.env.cr.execute(queries.LAST_SALE, (
            warehouse._ecom_internal_location_ids(), products.ids))
        return {product_id: fields.Date.from_string(day)
                for product_id, day in self.env.cr.fetchall()}

    @api.multi
    def action_pause(self):
        self.mapped("orderpoint_id").write({"reorder_paused": True})
        return True

    @api.multi
    def action_promote(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ecom.promotion",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_name": _("Clearance %s") % self.product_id.display_name,
                "default_product_ids": [(6, 0, self.product_id.ids)],
                "default_warehouse_id": self.warehouse_id.id,
                "default_date_from": fields.Date.context_today(self),
                "default_date_to": fields.Date.to_string(
                    fields.Date.from_string(fields.Date.context_today(self))
                    + datetime.timedelta(days=14)),
            },
        }
