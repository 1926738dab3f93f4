# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class Ecom3plAdjust(models.TransientModel):
    _name = "ecom.3pl.adjust"
    _description = "Adjust Odoo's stock to the 3PL's, with a reason"

    line_ids = fields.Many2many(
        "ecom.3pl.reconciliation.line", string="Lines",
        default=lambda self: self.env.context.get("active_ids") or [])
    reason = fields.Char(required=True)

    @api.multi
    def action_apply(self):
        self.ensure_one()
        self.line_ids.action_adjust(self.reason)
        return {"type": "ir.actions.act_window_close"}
