# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.ecom_base.tools import bulk


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.multi
    def _ecom_bulk_confirm(self):
        """The channel intake confirms a batch of paid orders set-based and
        reserves their deliveries with ``_ecom_bulk_reserve``, not
        ``_action_assign``: the deliveries of 3PL warehouses it makes ready
        are queued for the 3PL here, in the same transaction, as the
        ``_action_assign`` hook queues those of core's path."""
        result = super()._ecom_bulk_confirm()
        if len(result) > 1:
            moves = result[1]
            # the transfers' states first (the intake recomputes them next)
            bulk.recompute(self.env, result)
            moves._ecom_3pl_queue_ready()
        return result
