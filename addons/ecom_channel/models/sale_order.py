# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecom_channel_id = fields.Many2one(
        "ecom.channel", string="Channel", index=True, ondelete="restrict", copy=False)
    ecom_external_ref = fields.Char(
        "Channel Order Ref", index=True, copy=False, readonly=True,
        help="The order number on the shop or marketplace.")

    _sql_constraints = [
        # the name is relied upon by ecom.channel._intake_one (ORDER_REF_CONSTRAINT)
        ("ecom_channel_ref_uniq", "unique(ecom_channel_id, ecom_external_ref)",
         "This channel already has an order with this external reference."),
    ]

    @api.multi
    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        vals["ecom_channel_id"] = self.ecom_channel_id.id
        return vals

    @api.multi
    def _ecom_status(self):
        """quotation, confirmed, picking, shipped, delivered or cancelled."""
        self.ensure_one()
        if self.state in ("draft", "sent"):
            return "quotation"
        if self.state == "cancel":
            return "cancelled"
        pickings = self.picking_ids.filtered(lambda p: p.state != "cancel")
        deliveries = pickings.filtered(lambda p: p.picking_type_code == "outgoing")
        if deliveries and all(p.state == "done" for p in deliveries):
            if all(p.ecom_delivered_at for p in deliveries):
                return "delivered"
            return "shipped"
        started = any(
            p.printed or (p.picking_type_code != "outgoing" and p.state == "done")
            or any(line.qty_done for line in p.move_line_ids)
            for p in pickings)
        return "picking" if started else "confirmed"


class _Deferred(object):
    """Order lines whose procurement waits for one call for the whole batch."""

    def __init__(self, env):
        self.env = env
        self.ids = []
        env.all.ecom_deferred_procurement = self

    def add(self, ids):
        self.ids.extend(i for i in ids if i not in self.ids)

    def stop(self):
        if getattr(self.env.all, "ecom_deferred_procurement", None) is self:
            self.env.all.ecom_deferred_procurement = None
        return self.env["sale.order.line"].browse(self.ids)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model
    def _ecom_defer_procurement(self):
        """Until ``.stop()``, confirmed lines do not launch their procurement.

        The intake confirms a batch's orders one by one (core's action_confirm
        is not multi-record safe), then launches the procurement of all their
        lines in one call: moves, pickings and reservations are made together.
        """
        return _Deferred(self.env)

    @api.multi
    def _ecom_launch_procurement(self):
        """The procurement of the lines of a batch, confirmed together."""
        self.env.all.ecom_deferred_moves = move_ids = []
        try:
            self._action_launch_procurement_rule()
        finally:
            self.env.all.ecom_deferred_moves = None
        moves = self.env["stock.move"].browse(move_ids)
        if moves:
            moves._action_confirm()
        return moves

    @api.multi
    def _action_launch_procurement_rule(self):
        deferred = getattr(self.env.all, "ecom_deferred_procurement", None)
        if deferred is not None:
            deferred.add(self.ids)
            return True
        return super()._action_launch_procurement_rule()
