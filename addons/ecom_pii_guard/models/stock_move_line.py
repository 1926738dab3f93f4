"""Audit every stock operation at the one place all of them pass: move lines done."""
from odoo import models

from ..services import stock_audit


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _ecom_audit_quantities(self, keys):
        """{(product id, location id): on-hand quantity} for ``keys``, one query.

        Plain SQL, not ``read_group``: it runs twice for every move validated
        (core validates move by move), and quants are written to the database
        as they change, so the sum is exact; quantities only, whoever calls.
        """
        if not keys:
            return {}
        self.env.cr.execute("""
            SELECT product_id, location_id, SUM(quantity)
              FROM stock_quant
             WHERE product_id = ANY(%s) AND location_id = ANY(%s)
          GROUP BY product_id, location_id
        """, (list({k[0] for k in keys}), list({k[1] for k in keys})))
        return {(product, location): quantity
                for product, location, quantity in self.env.cr.fetchall()}

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
