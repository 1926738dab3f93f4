# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class EcomBreakEvenRefresh(models.TransientModel):
    """Recompute the below break-even list and show it."""

    _name = "ecom.break.even.refresh"
    _description = "Refresh the below break-even list"

    @api.multi
    def action_refresh(self):
        self.env["ecom.break.even.line"].action_refresh()
        return self.env.ref("ecom_margin.ecom_break_even_line_action").read()[0]
