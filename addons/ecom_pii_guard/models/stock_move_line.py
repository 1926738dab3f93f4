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

    def _ecom_audit_snapshot(self):
        """(storable lines, snapshot rows for the audit service), read
        before the lines are done: one query for all lines (their move,
        inventory and transfer names for ``stock_audit.operation_of``), in
        the order of ``self``."""
        if not self.ids:
            return self, []
        self.env.cr.execute("""
            SELECT ml.id, inv.name, COALESCE(sm.scrapped, false), sm.origin,
                   sm.name, sp.name, sm.reference, ml.picking_id, ml.product_id,
                   ml.location_id, ml.location_dest_id
              FROM stock_move_line ml
              JOIN product_product pp ON pp.id = ml.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN stock_move sm ON sm.id = ml.move_id
              LEFT JOIN stock_inventory inv ON inv.id = sm.inventory_id
              LEFT JOIN stock_picking sp ON sp.id = ml.picking_id
             WHERE ml.id = ANY(%s) AND pt.type = 'product'
        """, [self.ids])
        rows = {row[0]: row for row in self.env.cr.fetchall()}
        snapshot = []
        for line_id in self.ids:
            row = rows.get(line_id)
            if row is None:
                continue
            operation, reference = stock_audit.operation_of(
                inventory=row[1], scrapped=row[2], origin=row[3], name=row[4],
                picking=row[5], reference=row[6])
            snapshot.append((line_id, operation, reference, row[7], row[8],
                             row[9], row[10]))
        return self.browse([row[0] for row in snapshot]), snapshot

    def _ecom_audit_done(self, lines):
        """{line id: quantity done} of ``lines`` that still exist."""
        return {ml.id: ml.qty_done for ml in lines.exists()}

    def _ecom_audit_rows(self, lines, snapshot, before, after, done=None):
        """Values of the audit rows of ``lines`` done (on hand
        ``before``/``after``: {(product id, location id): quantity}; ``done``:
        :meth:`_ecom_audit_done`, read here when not given). Kept apart from
        the writing so ``ecom_base.tools.bulk_done`` can read the quantities
        once, gather the rows of several groups of moves and write them at
        once."""
        if done is None:
            done = self._ecom_audit_done(lines)
        return stock_audit.audit_rows(snapshot, done, before, after, self.env.uid)

    def _ecom_audit_write(self, vals_list):
        """Write audit rows (values of :meth:`_ecom_audit_rows`), in order."""
        # sudo: the log is append-only and written only here, with values
        # read from the stock the user just moved; reading it stays limited
        # to the audit groups (test_stock_flow: the warehouse operator who
        # wrote rows cannot search them)
        log = self.env["ecom.stock.audit.log"].sudo()
        return log._audit_create_many(vals_list)

    def _ecom_audit_log(self, lines, snapshot, before, after):
        """The audit rows of ``lines`` done, written."""
        return self._ecom_audit_write(
            self._ecom_audit_rows(lines, snapshot, before, after))

    def _action_done(self):
        # ecom_base.tools.bulk_done reproduces this hook with the methods
        # above (snapshot, quantities, done, rows, write) for the moves it
        # validates set-based
        lines, snapshot = self._ecom_audit_snapshot()
        keys = stock_audit.quantity_keys(snapshot)
        before = self._ecom_audit_quantities(keys)
        res = super()._action_done()
        after = self._ecom_audit_quantities(keys)
        self._ecom_audit_log(lines, snapshot, before, after)
        return res
