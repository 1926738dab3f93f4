# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecom_rma_ids = fields.One2many("ecom.rma", "sale_order_id",
                                   string="After-sales Cases")
    ecom_rma_count = fields.Integer(compute="_compute_ecom_rma_count")

    @api.multi
    def _compute_ecom_rma_count(self):
        rows = self.env["ecom.rma"].read_group(
            [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["sale_order_id"])
        counts = {row["sale_order_id"][0]: row["sale_order_id_count"] for row in rows}
        for order in self:
            order.ecom_rma_count = counts.get(order.id, 0)

    @api.multi
    def action_ecom_open_rma(self):
        """A new case form for this order (customer service)."""
        self.ensure_one()
        action = self.env.ref("ecom_rma.ecom_rma_action").read()[0]
        action.update({
            "views": [(False, "form")],
            "view_mode": "form",
            "context": {"default_sale_order_id": self.id,
                        "default_channel_id": self.ecom_channel_id.id,
                        "default_warehouse_id": self.warehouse_id.id},
        })
        return action

    @api.multi
    def action_ecom_view_rmas(self):
        self.ensure_one()
        action = self.env.ref("ecom_rma.ecom_rma_action").read()[0]
        action["domain"] = [("sale_order_id", "=", self.id)]
        return action
