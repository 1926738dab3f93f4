# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockMove(models.Model):
    _inherit = "stock.move"

    @api.multi
    def _action_done(self):
        """Done moves append their warehouse cost rows; the margins of the
        order lines they deliver move to their shipped cost."""
        moves = super()._action_done()
        self.env["ecom.margin.line"]._ecom_after_moves_done(moves.ids)
        return moves
