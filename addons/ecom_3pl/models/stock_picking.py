# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_3pl_state = fields.Selection(
        [("none", "Not a 3PL transfer"), ("queued", "Queued"),
         ("acked", "At the 3PL"), ("error", "Error"), ("dead", "Dead letter")],
        string="3PL", compute="_compute_ecom_3pl_state")

    @api.multi
    def _compute_ecom_3pl_state(self):
        if not self.ids:
            return
        self.env.cr.execute("""
            SELECT DISTINCT ON (picking_id) picking_id, state FROM ecom_3pl_message
             WHERE direction = 'out' AND msg_type IN ('outbound', 'asn')
               AND picking_id IN %s ORDER BY picking_id, id DESC
        """, (tuple(self.ids),))
        states = dict(self.env.cr.fetchall())
        mapping = {"sent": "queued", "applied": "acked"}
        for picking in self:
            state = states.get(picking.id)
            picking.ecom_3pl_state = mapping.get(state, state) if state else "none"
