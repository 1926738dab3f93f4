"""Audit every stock operation at the one place all of them pass: move lines done."""
from odoo import models

from ..services import stock_audit


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _ecom_audit_quantities(self, keys):
        """{(product id, location id): on-hand quantity} for ``keys``, one query."""
        if not keys:
            return {}
        products = list({k[0] for k in keys})
        locations = list({k[1] for k in keys})
        # as superuser: quantities only, the caller may not read every location
        groups = self.env["stock.quant"].sudo().read_group(
            [("product_id", "in", products), ("location_id", "in", locations)],
            ["quantity", "product_id", "location_id"], ["product_id", "location_id"],
            lazy=False)
        return {(g["product_id"][0], g["location_id"][0]): g["quantity"]
                for g in groups}

    def _ecom_audit_operation(self):
        move = self.move_id
        return stock_audit.operation_of(
            inventory=move.inventory_id.name, scrapped=move.scrapped,
            origin=move.origin, name=move.name, picking=self.picking_id.name,
            reference=move.reference)

    def _action_done(self):
        lines = self.filtered(lambda ml: ml.product_id.type == "product")
        snapshot = []
        for line in lines:
            operation, reference = line._ecom_audit_operation()
            snapshot.append((line.id, operation, reference, line.picking_id.id,
                             line.product_id.id, line.location_id.id,
                             line.location_dest_id.id))
        keys = stock_audit.quantity_keys(snapshot)
        before = self._ecom_audit_quantities(keys)
        res = super()._action_done()
        after = self._ecom_audit_quantities(keys)
        done = {ml.id: ml.qty_done for ml in lines.exists()}
        log = self.env["ecom.stock.audit.log"].sudo()  # append-only log, created here
        for vals in stock_audit.audit_rows(snapshot, done, before, after,
                                           self.env.uid):
            log.create(vals)
        return res
