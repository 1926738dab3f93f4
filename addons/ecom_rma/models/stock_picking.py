# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk

from .ecom_rma_line import DISPOSITIONS

_logger = logging.getLogger(__name__)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_rma_id = fields.Many2one("ecom.rma", string="After-sales Case",
                                  index=True, readonly=True, copy=False)
    ecom_rma_disposition = fields.Selection(
        DISPOSITIONS, string="Return Disposition", readonly=True, copy=False)


class StockMove(models.Model):
    _inherit = "stock.move"

    ecom_rma_line_id = fields.Many2one("ecom.rma.line", string="Case Line",
                                       index=True, readonly=True, copy=False)

    @api.multi
    def _ecom_rma_reserve(self):
        """Reserve the disposition moves of a case together.

        ecom_channel's set-based reservation when it is there (one query for
        the quants, one INSERT of the move lines), then the bin putaway of
        ecom_bin_location on the new lines; core's ``_action_assign`` when the
        moves need more (BulkUnsupported).
        """
        reserve = getattr(self, "_ecom_bulk_reserve", None)
        if reserve is not None:
            try:
                with self.env.cr.savepoint():
                    move_lines = reserve()
                    bulk.recompute(self.env, [move_lines, self])
                    self.invalidate_cache()
                    if hasattr(move_lines, "_ecom_apply_putaway"):
                        move_lines._ecom_apply_putaway()
                return True
            except bulk.BulkUnsupported as error:
                _logger.info("ecom_rma: disposition moves reserved by core (%s)",
                             error)
                self.env.clear()
        self._action_assign()
        return True
