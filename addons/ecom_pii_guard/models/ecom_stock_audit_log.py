"""Stock operations with quantities before and after, hash-chained."""
from odoo import fields, models


class EcomStockAuditLog(models.Model):
    _name = "ecom.stock.audit.log"
    _inherit = "ecom.audit.chain.mixin"
    _description = "Stock operation audit log"
    _audit_fields = [
        "operation", "reference", "picking_id", "product_id", "location_id",
        "location_dest_id", "quantity", "src_qty_before", "src_qty_after",
        "dest_qty_before", "dest_qty_after",
    ]

    operation = fields.Selection(
        [("picking", "Transfer validated"), ("inventory", "Inventory adjustment"),
         ("scrap", "Scrap"), ("move", "Quant move")],
        required=True, readonly=True, index=True)
    reference = fields.Char(readonly=True)
    picking_id = fields.Many2one("stock.picking", readonly=True, ondelete="restrict")
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, ondelete="restrict")
    location_id = fields.Many2one(
        "stock.location", string="From", readonly=True, ondelete="restrict")
    location_dest_id = fields.Many2one(
        "stock.location", string="To", readonly=True, ondelete="restrict")
    quantity = fields.Float(readonly=True, digits=(16, 4))
    src_qty_before = fields.Float("From: before", readonly=True, digits=(16, 4))
    src_qty_after = fields.Float("From: after", readonly=True, digits=(16, 4))
    dest_qty_before = fields.Float("To: before", readonly=True, digits=(16, 4))
    dest_qty_after = fields.Float("To: after", readonly=True, digits=(16, 4))
