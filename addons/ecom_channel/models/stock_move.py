# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"

    @api.multi
    def _assign_picking(self):
        """Intake: the moves of one order go into their picking with one write.

        Core searches (and writes) once per move; the moves given here share
        procurement group and locations (see ``_action_confirm``), so the
        picking found or created for the first one is the one of all of them.
        """
        if not self.env.context.get("ecom_intake") or len(self) < 2:
            return super()._assign_picking()
        for picking_type in self.mapped("picking_type_id"):
            moves = self.filtered(lambda m: m.picking_type_id == picking_type)
            first, rest = moves[0], moves[1:]
            super(StockMove, first)._assign_picking()
            picking = first.picking_id
            same = rest.filtered(lambda m: m.partner_id == picking.partner_id
                                 and m.origin == picking.origin)
            if same:
                same.write({"picking_id": picking.id})
                for move in same:
                    move._assign_picking_post_process(new=False)
            if rest - same:
                super(StockMove, rest - same)._assign_picking()
        return True

    def _assign_picking_post_process(self, new=False):
        # Intake: no chatter note "created from SO..." per imported order (the
        # picking shows its order in Source Document and Sales Order).
        if new and self.env.context.get("ecom_intake"):
            new = False
        return super()._assign_picking_post_process(new=new)


class ProcurementRule(models.Model):
    _inherit = "procurement.rule"

    def _run_move(self, product_id, product_qty, product_uom, location_id, name,
                  origin, values):
        """Core's move creation; under the intake the confirmation waits.

        ``sale.order.line._ecom_launch_procurement`` confirms the moves of a
        whole batch in one ``_action_confirm`` (pickings and merges per order).
        """
        deferred = getattr(self.env.all, "ecom_deferred_moves", None)
        if deferred is None:
            return super()._run_move(product_id, product_qty, product_uom,
                                     location_id, name, origin, values)
        if not self.location_src_id:
            raise UserError(
                _("No source location defined on procurement rule: %s!") % self.name)
        group_id = False
        if self.group_propagation_option == "propagate":
            group_id = values.get("group_id", False) and values["group_id"].id
        elif self.group_propagation_option == "fixed":
            group_id = self.group_id.id
        data = self._get_stock_move_values(product_id, product_qty, product_uom,
                                           location_id, name, origin, values,
                                           group_id)
        # sudo as core: the rule creates moves whatever the user's rights
        move = self.env["stock.move"].sudo().with_context(
            force_company=data.get("company_id", False)).create(data)
        deferred.append(move.id)
        return True
