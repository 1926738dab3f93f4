# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The 3PL's book: its last stock snapshot plus the changes it reported since.

A view of the inbox, not a copy: the lines of the backend's last applied
snapshot (the ``stock_snapshot`` message at ``snapshot_sequence``) plus the
lines of the ``stock_change`` messages applied with a later sequence, summed
per product and SKU (the product is a group key so that reading one
product's line reads that product's message lines only). A snapshot's lines
are stored once, as its message's lines, when it is received (in order or
not); applying it only moves ``snapshot_sequence``. A copy of 100,000 lines
into a table of its own, each row checked by its foreign keys, was half of a
snapshot's ingest.
"""
from odoo import api, fields, models

VIEW = """
    CREATE VIEW ecom_3pl_stock_line AS
    WITH book AS (
        SELECT b.id AS backend_id, l.id, l.product_id, l.sku, l.qty,
               0.0 AS change
          FROM ecom_3pl_backend b
          JOIN LATERAL (
                SELECT m.id FROM ecom_3pl_message m
                 WHERE m.backend_id = b.id AND m.direction = 'in'
                   AND m.msg_type = 'stock_snapshot' AND m.state = 'applied'
                   AND m.sequence = b.snapshot_sequence
                 ORDER BY m.id DESC LIMIT 1) s ON true
          JOIN ecom_3pl_message_line l ON l.message_id = s.id
        UNION ALL
        SELECT b.id, l.id, l.product_id, l.sku, l.qty, l.qty
          FROM ecom_3pl_backend b
          JOIN ecom_3pl_message m ON m.backend_id = b.id
          JOIN ecom_3pl_message_line l ON l.message_id = m.id
         WHERE m.direction = 'in' AND m.msg_type = 'stock_change'
           AND m.state = 'applied'
           AND m.sequence > coalesce(b.snapshot_sequence, 0))
    SELECT min(id) AS id, backend_id, product_id, sku, sum(qty) AS qty,
           sum(change) AS changes
      FROM book GROUP BY backend_id, product_id, sku
"""


class Ecom3plStockLine(models.Model):
    _name = "ecom.3pl.stock.line"
    _description = "3PL stock as the 3PL reports it"
    _order = "sku"
    _auto = False

    backend_id = fields.Many2one("ecom.3pl.backend", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    sku = fields.Char(readonly=True)
    qty = fields.Float("Quantity at the 3PL", readonly=True, digits=(16, 4))
    changes = fields.Float(
        "Reported changes since the snapshot", readonly=True, digits=(16, 4))

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # up to 11.0.1.0.0: a table the snapshot was copied into
        cr.execute("SELECT relkind FROM pg_class WHERE relname = %s",
                   (self._table,))
        row = cr.fetchone()
        if row and row[0] == "r":
            cr.execute("DROP TABLE ecom_3pl_stock_line")
        elif row:
            cr.execute("DROP VIEW ecom_3pl_stock_line")
        cr.execute("""
            CREATE INDEX IF NOT EXISTS ecom_3pl_message_book_idx
                ON ecom_3pl_message (backend_id, msg_type, sequence)
             WHERE direction = 'in' AND state = 'applied'
               AND msg_type IN ('stock_snapshot', 'stock_change')
        """)
        cr.execute(VIEW)
