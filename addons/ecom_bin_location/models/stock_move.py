# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_assign(self):
        """After reservation, put away the new lines of receipts.

        Only lines that never went through putaway are touched, so a
        destination the user chose stays as it is.
        """
        res = super(StockMove, self)._action_assign()
        lines = self.mapped("move_line_ids").filtered(
            lambda ml: not ml.ecom_putaway_reason
            and ml.state not in ("done", "cancel")
            and ml.picking_id.picking_type_id.code == "incoming")
        if lines:
            lines._ecom_apply_putaway()
        return res
