# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A product that differs, its cause, and the one-click adjustment."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import reconcile
from .ecom_3pl_reconciliation import CAUSES


class Ecom3plReconciliationLine(models.Model):
    _name = "ecom.3pl.reconciliation.line"
    _description = "3PL reconciliation line"
    _order = "reconciliation_id desc, id"

    reconciliation_id = fields.Many2one(
        "ecom.3pl.reconciliation", required=True, index=True, ondelete="cascade",
        readonly=True)
    backend_id = fields.Many2one(related="reconciliation_id.backend_id",
                                 readonly=True, store=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    odoo_qty = fields.Float("Odoo", readonly=True, digits=(16, 4))
    book_qty = fields.Float("3PL", readonly=True, digits=(16, 4))
    in_book = fields.Boolean("In the 3PL snapshot", readonly=True)
    expected_qty = fields.Float("3PL should hold", readonly=True, digits=(16, 4))
    drift = fields.Float(readonly=True, digits=(16, 4))
    inflight_out = fields.Float("Pushed, unconfirmed", readonly=True,
                                digits=(16, 4))
    unapplied_qty = fields.Float("Confirmed, not applied (net in)", readonly=True,
                                 digits=(16, 4))
    after_snapshot_qty = fields.Float("Applied after the snapshot (net out)",
                                      readonly=True, digits=(16, 4))
    changes = fields.Float("3PL changes since the snapshot", readonly=True,
                           digits=(16, 4))
    cause = fields.Selection(CAUSES, readonly=True, index=True)
    adjusted = fields.Boolean(readonly=True)
    adjust_reason = fields.Char(readonly=True)
    inventory_id = fields.Many2one("stock.inventory", readonly=True)

    @api.multi
    def action_adjust(self, reason):
        """Make Odoo agree with the 3PL: one inventory adjustment for the
        selected lines, named after the reason (the stock audit trail records
        each quantity before and after)."""
        self.check_access_rights("write")
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(_("reason: give a reason for the adjustment"))
        lines = self.filtered(lambda l: not l.adjusted
                              and l.cause in reconcile.ADJUSTABLE and l.drift)
        if not lines:
            raise UserError(_("Nothing to adjust: no selected line has an "
                              "adjustable difference."))
        backend = lines.mapped("backend_id")
        backend.ensure_one()
        location = backend.warehouse_id.lot_stock_id
        Inventory = self.env["stock.inventory"].with_context(tracking_disable=True)
        inventory = Inventory.create({
            "name": _("3PL %s: %s") % (backend.code, reason.strip()),
            "location_id": location.id, "filter": "partial"})
        inventory.action_start()
        current = {}
        self.env.cr.execute("""
            SELECT q.product_id, sum(q.quantity) FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
             WHERE q.location_id = %s AND q.product_id IN %s GROUP BY q.product_id
        """, (location.id, tuple(lines.mapped("product_id").ids)))
        current = dict(self.env.cr.fetchall())
        inventory.write({"line_ids": [(0, 0, {
            "product_id": line.product_id.id, "location_id": location.id,
            "product_uom_id": line.product_id.uom_id.id,
            "product_qty": max(0.0, current.get(line.product_id.id, 0.0) + line.drift),
        }) for line in lines]})
        inventory.action_done()
        lines.write({"adjusted": True, "adjust_reason": reason.strip()[:256],
                     "inventory_id": inventory.id})
        return True
