# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hooks: a transfer of a 3PL warehouse that becomes ready is queued for the
3PL, a cancelled one gets a cancellation; in the same transaction (the queue
sees them when it commits)."""
from odoo import api, models


class StockMove(models.Model):
    _inherit = "stock.move"

    @api.multi
    def _action_assign(self):
        result = super()._action_assign()
        self._ecom_3pl_queue_ready()
        return result

    @api.multi
    def _force_assign(self):
        result = super()._force_assign()
        self._ecom_3pl_queue_ready()
        return result

    @api.multi
    def _action_cancel(self):
        pickings = self.mapped("picking_id")
        result = super()._action_cancel()
        cancelled = pickings.filtered(lambda p: p.state == "cancel")
        if cancelled:
            self.env["ecom.3pl.message"]._queue_cancel(cancelled)
        return result

    @api.multi
    def _ecom_3pl_queue_ready(self):
        if self.env.context.get("ecom_3pl_no_queue"):
            return
        # two fields of the transfers, not all of them (hundreds at once)
        pickings = self.with_context(prefetch_fields=False).mapped(
            "picking_id").filtered(
            lambda p: p.state == "assigned"
            and p.picking_type_code in ("outgoing", "incoming"))
        if pickings:
            self.env["ecom.3pl.message"]._queue_pickings(pickings)
