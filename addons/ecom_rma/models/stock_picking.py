# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.tools import split_every

from odoo.addons.ecom_base.tools import bulk, bulk_done

from .ecom_rma_line import DISPOSITIONS

_logger = logging.getLogger(__name__)

#: Moves validated together by :meth:`StockMove._ecom_rma_action_done`.
DONE_CHUNK = 100
#: Context key: a transfer is being validated a chunk of moves at a time.
DEFER_BACKORDER = "ecom_rma_defer_backorder"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_rma_id = fields.Many2one("ecom.rma", string="After-sales Case",
                                  index=True, readonly=True, copy=False)
    ecom_rma_disposition = fields.Selection(
        DISPOSITIONS, string="Return Disposition", readonly=True, copy=False)

    @api.multi
    def _create_backorder(self, backorder_moves=None):
        """Not between the chunks of :meth:`StockMove._ecom_rma_action_done`:
        the moves of the next chunks are still to be validated, not left
        behind."""
        if self.env.context.get(DEFER_BACKORDER):
            return self.browse()
        return super()._create_backorder(backorder_moves=backorder_moves or [])


class StockMove(models.Model):
    _inherit = "stock.move"

    ecom_rma_line_id = fields.Many2one("ecom.rma.line", string="Case Line",
                                       index=True, readonly=True, copy=False)

    @api.multi
    def _ecom_rma_action_done(self):
        """Core's ``_action_done`` without backorder (the caller decides
        what happens to moves left undone): set-based by
        ``ecom_base.tools.bulk_done`` when the moves are simple (disposition
        moves out of the returns location), else core's, DONE_CHUNK moves at
        a time, each chunk with its own prefetch set.

        Why: core validates a transfer move by move, and each returned unit's
        quant that drops to zero is unlinked, which empties the whole ORM
        cache; the next move then reads again every record prefetched with
        it. With the 500 moves of a big returns receipt in one prefetch set
        that is quadratic (minutes); in chunks it stays linear.
        """
        moves = self.with_context(**{DEFER_BACKORDER: True})
        try:
            with self.env.cr.savepoint():
                done = bulk_done.action_done(moves)
            return done.with_context(**{DEFER_BACKORDER: False})
        except bulk.BulkUnsupported as error:
            _logger.info("ecom_rma: moves validated by core (%s)", error)
            self.invalidate_cache()
        done = self.browse()
        for ids in split_every(DONE_CHUNK, self.ids):
            done |= moves.browse(ids).with_prefetch()._action_done()
        return done.with_context(**{DEFER_BACKORDER: False})

    @api.multi
    def _ecom_rma_reserve(self):
        """Reserve the disposition moves of a case together.

        ``ecom_base.tools.bulk_done.action_assign`` when the moves are simple
        (one plain quant per product in the returns location: the received
        units), else ecom_channel's set-based reservation when it is there
        (one query for the quants, one INSERT of the move lines); then the
        bin putaway of ecom_bin_location on the new lines. Core's
        ``_action_assign`` when the moves need more (BulkUnsupported).
        """
        reserves = [bulk_done.action_assign]
        channel_reserve = getattr(type(self), "_ecom_bulk_reserve", None)
        if channel_reserve is not None:
            reserves.append(lambda moves: moves._ecom_bulk_reserve())
        for reserve in reserves:
            try:
                with self.env.cr.savepoint():
                    move_lines = reserve(self)
                    bulk.recompute(self.env, [move_lines, self])
                    # these moves' fields (and their inverses: the new lines
                    # on the moves and transfers), not the whole cache
                    self.invalidate_cache(ids=self.ids)
                    if hasattr(move_lines, "_ecom_apply_putaway"):
                        move_lines._ecom_apply_putaway()
                return True
            except bulk.BulkUnsupported as error:
                _logger.info("ecom_rma: disposition moves not reserved "
                             "set-based (%s)", error)
                self.env.clear()
        self._action_assign()
        return True
