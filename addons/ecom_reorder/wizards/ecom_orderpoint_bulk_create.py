# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class EcomOrderpointBulkCreate(models.TransientModel):
    """Create reorder rules for every storable product of a warehouse (or of a
    category) that has none yet there, in one action."""

    _name = "ecom.orderpoint.bulk.create"
    _description = "Create reorder rules in bulk"

    warehouse_id = fields.Many2one("stock.warehouse", required=True)
    categ_id = fields.Many2one(
        "product.category", "Category", help="Only this category and its children.")
    reorder_policy = fields.Selection(
        [("fixed", "Fixed min/max"), ("demand", "Demand-driven")],
        required=True, default="demand")
    product_min_qty = fields.Float("Min", default=0.0)
    product_max_qty = fields.Float("Max", default=0.0)
    demand_window_days = fields.Integer(default=90)
    review_days = fields.Integer(default=7)
    order_cycle_days = fields.Integer(default=14)
    safety_days = fields.Float(default=3.0)
    compute_now = fields.Boolean(
        "Compute Suggestions Now", default=True,
        help="Demand rules: compute suggested min/max right away and apply them.")

    @api.multi
    def action_create(self):
        self.ensure_one()
        rules = self._create_rules()
        action = self.env.ref(
            "ecom_reorder.stock_warehouse_orderpoint_action").read()[0]
        action["domain"] = [("id", "in", rules.ids)]
        return action

    def _create_rules(self):
        if self.product_max_qty < self.product_min_qty:
            raise UserError(_(
                "Max (product_max_qty) %(max)s is below Min %(min)s.") % {
                    "max": self.product_max_qty, "min": self.product_min_qty})
        domain = [("type", "=", "product"),
                  "|", ("company_id", "=", False),
                  ("company_id", "=", self.warehouse_id.company_id.id)]
        if self.categ_id:
            domain.append(("categ_id", "child_of", self.categ_id.id))
        products = self.env["product.product"].search(domain)
        Rule = self.env["stock.warehouse.orderpoint"]
        existing = Rule.with_context(active_test=False).search([
            ("warehouse_id", "=", self.warehouse_id.id),
            ("location_id", "=", self.warehouse_id.lot_stock_id.id),
            ("product_id", "in", products.ids)]).mapped("product_id")
        rules = Rule
        for product in products - existing:
            rules |= Rule.create({
                "product_id": product.id,
                "warehouse_id": self.warehouse_id.id,
                "location_id": self.warehouse_id.lot_stock_id.id,
                "company_id": self.warehouse_id.company_id.id,
                "reorder_policy": self.reorder_policy,
                "product_min_qty": self.product_min_qty,
                "product_max_qty": self.product_max_qty,
                "demand_window_days": self.demand_window_days,
                "review_days": self.review_days,
                "order_cycle_days": self.order_cycle_days,
                "safety_days": self.safety_days,
            })
        if self.compute_now and self.reorder_policy == "demand" and rules:
            rules._compute_suggestions()
            rules.action_apply_suggestions()
        return rules
