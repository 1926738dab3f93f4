"""Who saw or printed which customer's data, when and why (never the values)."""
from odoo import fields, models

from ..services import purpose


class EcomPiiAccessLog(models.Model):
    _name = "ecom.pii.access.log"
    _inherit = "ecom.audit.chain.mixin"
    _description = "Customer data access log"
    _audit_fields = ["kind", "partner_id", "picking_id", "field_names", "purpose",
                     "note"]

    kind = fields.Selection(
        [("reveal", "Reveal"), ("label", "Shipping label"),
         ("export", "Access-request export"), ("erase", "Erasure"),
         ("protection", "Protection change")],
        required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True,
        ondelete="restrict")
    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", readonly=True, index=True,
        ondelete="restrict")
    field_names = fields.Char(string="Fields", readonly=True)
    purpose = fields.Selection(purpose.PURPOSES, readonly=True)
    note = fields.Char(string="Case reference", readonly=True)
