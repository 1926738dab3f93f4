# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..services import counts
from .product_product import ABC_SELECTION


class StockInventory(models.Model):
    """Cycle counts: an inventory of one zone's bins, optionally limited to
    one ABC class; validation keeps a discrepancy report (book vs counted)."""

    _inherit = "stock.inventory"

    ecom_count_plan_id = fields.Many2one(
        "ecom.bin.count.plan", "Cycle Count Plan", readonly=True, index=True)
    ecom_abc_class = fields.Selection(
        ABC_SELECTION, "ABC Class", readonly=True,
        help="Only products of this class are counted.")
    ecom_discrepancy_count = fields.Integer(
        "Discrepancies", readonly=True, copy=False)
    ecom_discrepancy_value = fields.Float(
        "Discrepancy Value", readonly=True, copy=False, digits=(16, 2))

    def _get_inventory_lines_values(self):
        vals = super(StockInventory, self)._get_inventory_lines_values()
        if not self.ecom_abc_class:
            return vals
        products = self.env["product.product"].browse(
            {v["product_id"] for v in vals})
        return counts.lines_of_class(
            vals, {p.id: p.ecom_abc_class for p in products}, self.ecom_abc_class)

    @api.multi
    def action_done(self):
        # Snapshot book vs counted before the moves change the quants.
        for inventory in self:
            inventory.line_ids._ecom_snapshot_discrepancy()
        res = super(StockInventory, self).action_done()
        for inventory in self:
            count, value = counts.summary(
                (line.ecom_difference_qty, line.ecom_difference_value)
                for line in inventory.line_ids)
            inventory.write({
                "ecom_discrepancy_count": count,
                "ecom_discrepancy_value": value,
            })
            plan = inventory.ecom_count_plan_id
            if plan and inventory.ecom_abc_class:
                plan.write({"last_%s_date" % inventory.ecom_abc_class:
                            fields.Date.context_today(inventory)})
        return res

    @api.multi
    def action_ecom_discrepancy_report(self):
        return self.env.ref(
            "ecom_bin_location.discrepancy_report").report_action(self)


class StockInventoryLine(models.Model):
    _inherit = "stock.inventory.line"

    ecom_bin_code = fields.Char(
        related="location_id.ecom_code", readonly=True, string="Bin Code")
    ecom_book_qty = fields.Float("Book Qty", readonly=True, copy=False)
    ecom_counted_qty = fields.Float("Counted Qty", readonly=True, copy=False)
    ecom_difference_qty = fields.Float("Difference", readonly=True, copy=False)
    ecom_unit_cost = fields.Float("Unit Cost", readonly=True, copy=False)
    ecom_difference_value = fields.Float(
        "Difference Value", readonly=True, copy=False, digits=(16, 2))

    def _ecom_snapshot_discrepancy(self):
        for line in self:
            line.write(counts.discrepancy(
                line.theoretical_qty, line.product_qty,
                line.product_id.standard_price))
