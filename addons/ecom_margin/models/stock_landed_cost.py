# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockLandedCost(models.Model):
    _inherit = "stock.landed.cost"

    @api.multi
    def button_validate(self):
        """A validated landed cost raises the average cost of the stock on
        hand in the destination warehouse of each of its moves."""
        result = super().button_validate()
        done = self.filtered(lambda c: c.state == "done")
        if done:
            # sudo: the cost history is written by this add-on only (no user
            # has write access); the rows carry costs, never partner data.
            self.env["ecom.warehouse.cost"].sudo()._sync_moves(
                landed_cost_ids=done.ids)
        return result
