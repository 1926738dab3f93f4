"""Audit every stock operation at the one place all of them pass: move lines done."""
from odoo import models


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
        if move.inventory_id:
            return "inventory", move.inventory_id.name
        if move.scrapped:
            return "scrap", move.origin or move.name
        if self.picking_id:
            return "picking", self.picking_id.name
        return "move", move.reference or move.name

    def _action_done(self):
        lines = self.filtered(lambda ml: ml.product_id.type == "product")
        keys = set()
        snapshot = []
        for line in lines:
            keys.add((line.product_id.id, line.location_id.id))
            keys.add((line.product_id.id, line.location_dest_id.id))
            operation, reference = line._ecom_audit_operation()
            snapshot.append((line.id, operation, reference, line.picking_id.id,
                             line.product_id.id, line.location_id.id,
                             line.location_dest_id.id))
        before = self._ecom_audit_quantities(keys)
        res = super()._action_done()
        after = self._ecom_audit_quantities(keys)
        done = {ml.id: ml.qty_done for ml in lines.exists()}
        log = self.env["ecom.stock.audit.log"].sudo()  # append-only log, created here
        for line_id, operation, reference, picking, product, src, dest in snapshot:
            if not done.get(line_id):
                continue
            log.create({
                "operation": operation, "reference": reference,
                "picking_id": picking or False, "product_id": product,
                "location_id": src, "location_dest_id": dest,
                "quantity": done[line_id],
                "src_qty_before": before.get((product, src), 0.0),
                "src_qty_after": after.get((product, src), 0.0),
                "dest_qty_before": before.get((product, dest), 0.0),
                "dest_qty_after": after.get((product, dest), 0.0),
                "user_id": self.env.uid,
            })
        return res
