# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..services import allocation, removal
from ..services.removal import REMOVAL_ORDER  # noqa: F401 (importable here)
from odoo.addons.ecom_base.tools import bulk


class StockMove(models.Model):
    _inherit = "stock.move"

    def _assign_picking_post_process(self, new=False):
        # Intake: no chatter note "created from SO..." per imported order (the
        # picking shows its order in Source Document and Sales Order).
        if new and self.env.context.get("ecom_intake"):
            new = False
        return super()._assign_picking_post_process(new=new)

    # ------------------------------------------------------------------
    # set-based confirmation of the intake (see sale.order._ecom_bulk_confirm)
    # ------------------------------------------------------------------
    @api.multi
    def _ecom_bulk_pickings(self):
        """One new picking per (group, locations, operation type), as
        ``_assign_picking`` creates for moves of new procurement groups."""
        # records from iterating self keep the batch's prefetch set (moves[0]
        # would not: indexing makes a record with a prefetch set of its own)
        groups = removal.group_moves(self, lambda move: (
            move.group_id.id, move.location_id.id, move.location_dest_id.id,
            move.picking_type_id.id))
        picking_vals = []
        for moves in groups:
            vals = moves[0]._get_new_picking_values()
            vals["name"] = moves[0].picking_type_id.sequence_id.next_by_id()
            picking_vals.append(vals)
        pickings = bulk.create(self.env["stock.picking"], picking_vals,
                               self._prefetch)
        pairs = [(move.id, picking.id) for moves, picking in zip(groups, pickings)
                 for move in moves]
        bulk.write(self.browse([move_id for move_id, _p in pairs],
                               prefetch=self._prefetch),
                   "picking_id", [picking_id for _m, picking_id in pairs])
        return pickings

    @api.multi
    def _ecom_bulk_reserve(self):
        """Reserve the batch's moves together (``_action_assign`` set-based).

        Quants of all products in one query, the arithmetic in
        services/allocation.py, one UPDATE of the quants, the move lines in one
        INSERT, one UPDATE of the move states.
        """
        bypass = self.filtered(lambda m: m.product_id.type != "product"
                               or m.location_id.should_bypass_reservation())
        storable = self - bypass
        quants, rounding = self._ecom_bulk_quants(storable)
        wanted = [(move.id, (move.location_id.id, move.product_id.id),
                   move.product_qty) for move in storable]
        result = allocation.reserve(wanted, quants, rounding)
        line_vals = []
        states = {}
        # the quants used, read together (each line gets its quant record)
        quant_model = self.env["stock.quant"].sudo().browse(
            list(result.quant_reserved), prefetch=self._prefetch)
        bypass_ids = set(bypass.ids)
        for move in self:
            if move.id in bypass_ids:
                # core: a move line for all of it, quants untouched
                line_vals.append(move._prepare_move_line_vals(
                    quantity=move.product_qty))
                states[move.id] = "assigned"
                continue
            key = (move.location_id.id, move.product_id.id)
            for quant_key, qty in result.lines.get(move.id, ()):
                quant_id = self._ecom_bulk_quant_of(quants[key], quant_key)
                quant = quant_model.browse(quant_id, prefetch=self._prefetch)
                line_vals.append(move._prepare_move_line_vals(
                    quantity=qty, reserved_quant=quant))
            states[move.id] = result.state(move.id, move.product_qty, rounding[key])
        for vals in line_vals:
            vals["ordered_qty"] = vals.get("product_uom_qty")
        self._ecom_bulk_update_quants(result.quant_reserved)
        move_lines = bulk.create(self.env["stock.move.line"].sudo(), line_vals,
                                 self._prefetch)
        changed = [(move_id, state) for move_id, state in states.items()
                   if state != "confirmed"]
        bulk.write(self.browse([move_id for move_id, _s in changed],
                               prefetch=self._prefetch),
                   "state", [state for _m, state in changed])
        return move_lines

    @staticmethod
    def _ecom_bulk_quant_of(quants, quant_key):
        return removal.quant_id_of(quants, quant_key)

    @api.multi
    def _ecom_bulk_quants(self, moves):
        """{(source location, product): [allocation.Quant] in removal order},
        {(source location, product): unit rounding}; one query."""
        rounding = {}
        strategies = {}
        quant_model = self.env["stock.quant"].sudo()
        for move in moves:
            key = (move.location_id.id, move.product_id.id)
            if key in rounding:
                continue
            rounding[key] = move.product_id.uom_id.rounding
            strategy = quant_model._get_removal_strategy(move.product_id,
                                                         move.location_id)
            if not removal.supported(strategy):
                raise bulk.BulkUnsupported("removal strategy %s" % strategy)
            strategies[key] = strategy
        quants = {key: [] for key in rounding}
        if not rounding:
            return quants, rounding
        sources = list({key[0] for key in rounding})
        products = list({key[1] for key in rounding})
        self.env.cr.execute("""
            SELECT q.id, q.product_id, q.location_id, q.lot_id, q.package_id,
                   q.owner_id, q.quantity, q.in_date, q.reserved_quantity, src.id
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
              JOIN stock_location src ON l.parent_left >= src.parent_left
                                     AND l.parent_left < src.parent_right
             WHERE q.product_id = ANY(%s) AND src.id = ANY(%s)
        """, (products, sources))
        rows = removal.quant_rows_by_key(self.env.cr.fetchall(), strategies)
        for key, found in rows.items():
            quants[key] = [allocation.Quant(
                row[0], row[2], row[6] or 0.0, row[8] or 0.0, lot_id=row[3],
                package_id=row[4], owner_id=row[5]) for row in found]
        return quants, rounding

    @api.model
    def _ecom_bulk_update_quants(self, reserved):
        if not reserved:
            return
        quants = self.env["stock.quant"].browse(list(reserved))
        bulk.increment(quants, "reserved_quantity", list(reserved.values()))
