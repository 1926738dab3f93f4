# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Three-way reconciliation of one backend (see services/reconcile.py).

The quantities are gathered in a handful of aggregate queries (no query per
product), the engine classifies each product, and only products that differ
or have messages in flight are stored as lines (100,000 SKUs in sync store
nothing but the counts).
"""
from odoo import _, api, fields, models

from odoo.addons.ecom_base.tools import bulk

from ..services import reconcile

CAUSES = [("in_sync", "In sync"),
          ("awaiting_confirmation", "Awaiting the 3PL's confirmation"),
          ("reported_change", "Stock change reported by the 3PL"),
          ("missing_at_3pl", "Not in the 3PL's snapshot"),
          ("unexplained", "Unexplained")]


class Ecom3plReconciliation(models.Model):
    _name = "ecom.3pl.reconciliation"
    _description = "3PL stock reconciliation"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    backend_id = fields.Many2one("ecom.3pl.backend", required=True, index=True,
                                 ondelete="cascade", readonly=True)
    snapshot_sequence = fields.Integer(readonly=True)
    snapshot_at = fields.Datetime(readonly=True)
    product_count = fields.Integer("Products compared", readonly=True)
    drift_count = fields.Integer("Adjustable differences", readonly=True)
    in_flight_count = fields.Integer("Explained by messages in flight",
                                     readonly=True)
    duration = fields.Float("Duration (s)", readonly=True)
    line_ids = fields.One2many("ecom.3pl.reconciliation.line", "reconciliation_id",
                               readonly=True)

    @api.model
    def _gather(self, backend):
        """{product_id: components} for the engine, in aggregate queries."""
        cr = self.env.cr
        rows = {}

        def add(product_id, name, qty):
            rows.setdefault(product_id, {})[name] = \
                rows.get(product_id, {}).get(name, 0.0) + (qty or 0.0)

        location = backend.warehouse_id.lot_stock_id
        cr.execute("""
            SELECT q.product_id, sum(q.quantity) FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
             WHERE l.parent_left >= %s AND l.parent_right <= %s
             GROUP BY q.product_id
        """, (location.parent_left, location.parent_right))
        # one row per product (the first query: nothing to add to)
        rows.update((product_id, {"odoo": qty or 0.0})
                    for product_id, qty in cr.fetchall())
        cr.execute("""
            SELECT product_id, qty, changes FROM ecom_3pl_stock_line
             WHERE backend_id = %s AND product_id IS NOT NULL
        """, (backend.id,))
        for product_id, qty, changes in cr.fetchall():
            rows.setdefault(product_id, {})["book"] = qty
            add(product_id, "changes", changes)
        snapshot_seq = backend.snapshot_sequence or 0
        cr.execute("""
            SELECT m.msg_type, m.state = 'applied', m.sequence > %s,
                   l.product_id, sum(l.qty)
              FROM ecom_3pl_message m JOIN ecom_3pl_message_line l
                ON l.message_id = m.id
             WHERE m.backend_id = %s AND m.direction = 'in'
               AND m.msg_type IN ('ship_confirm', 'receipt_confirm')
               AND m.state IN ('queued', 'applied') AND l.product_id IS NOT NULL
               AND (m.state = 'queued' OR m.sequence > %s)
             GROUP BY 1, 2, 3, 4
        """, (snapshot_seq, backend.id, snapshot_seq))
        for msg_type, applied, after, product_id, qty in cr.fetchall():
            side = "out" if msg_type == "ship_confirm" else "in"
            if applied and after:
                add(product_id, side + "_after", qty)
            elif not applied and not after:
                add(product_id, side + "_unapplied", qty)
        cr.execute("""
            SELECT l.product_id, sum(l.qty)
              FROM ecom_3pl_message m
              JOIN ecom_3pl_message_line l ON l.message_id = m.id
              JOIN stock_picking p ON p.id = m.picking_id
             WHERE m.backend_id = %s AND m.direction = 'out'
               AND m.msg_type = 'outbound' AND m.state IN ('queued', 'sent', 'acked')
               AND p.state NOT IN ('done', 'cancel')
             GROUP BY l.product_id
        """, (backend.id,))
        for product_id, qty in cr.fetchall():
            add(product_id, "inflight_out", qty)
        return rows

    @api.model
    def _run(self, backend):
        import time
        started = time.time()
        rows = self._gather(backend)
        result = reconcile.reconcile(rows)
        rec = self.create({
            "name": _("%s reconciliation") % backend.code,
            "backend_id": backend.id,
            "snapshot_sequence": backend.snapshot_sequence,
            "snapshot_at": backend.snapshot_at,
            "product_count": len(result)})
        vals = []
        for product_id, line in result.items():
            if line["cause"] == "in_sync" and not line["inflight_out"]:
                continue
            vals.append({
                "reconciliation_id": rec.id, "product_id": product_id,
                "odoo_qty": line["odoo"], "book_qty": line["book"] or 0.0,
                "in_book": line["book"] is not None,
                "expected_qty": line["expected"], "drift": line["drift"],
                "inflight_out": line["inflight_out"],
                "unapplied_qty": line["in_unapplied"] - line["out_unapplied"],
                "after_snapshot_qty": line["out_after"] - line["in_after"],
                "changes": line["changes"], "cause": line["cause"]})
        Line = self.env["ecom.3pl.reconciliation.line"].with_context(
            prefetch_fields=False)
        try:
            # the lines' stored related fields in one UPDATE, not computed
            # line by line when the counts are written below
            bulk.recompute(self.env, [bulk.create(Line, vals)])
        except bulk.BulkUnsupported:
            for row in vals:
                Line.create(row)
        rec.write({
            "drift_count": sum(1 for v in vals if v["cause"] in reconcile.ADJUSTABLE),
            "in_flight_count": sum(1 for v in vals
                                   if v["cause"] == "awaiting_confirmation"),
            "duration": time.time() - started})
        return rec

    @api.multi
    def _summary(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.cause != "in_sync")
        return {
            "reconciliation_id": self.id, "product_count": self.product_count,
            "drift_count": self.drift_count, "in_flight_count": self.in_flight_count,
            "duration": self.duration,
            "lines": [{"line_id": line.id, "sku": line.product_id.default_code,
                       "odoo_qty": line.odoo_qty, "book_qty": line.book_qty,
                       "drift": line.drift, "cause": line.cause,
                       "adjusted": line.adjusted} for line in lines]}
