# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..services import matching
from ..services.settlement_import import LINE_TYPES

VARIANCE_LABELS = {
    "not_settled": "Not settled",
    "under_settled": "Under-settled",
    "fee_above_contract": "Fee above contract",
    "refund_without_return": "Refund without return",
    "return_without_refund": "Return without refund",
    "unknown_order": "Unknown order",
}


class EcomSettlementLine(models.Model):
    """One amount of a payout batch, matched with its order (no customer data:
    the order by its reference)."""

    _name = "ecom.settlement.line"
    _description = "Channel settlement line"
    _order = "settlement_id, sequence, id"

    settlement_id = fields.Many2one("ecom.settlement", required=True, readonly=True,
                                    index=True, ondelete="cascade")
    channel_id = fields.Many2one(related="settlement_id.channel_id", store=True,
                                 readonly=True, index=True)
    sequence = fields.Integer(readonly=True)
    order_ref = fields.Char(readonly=True, index=True)
    order_id = fields.Many2one("sale.order", string="Matched Order", readonly=True,
                               index=True, ondelete="set null")
    type = fields.Selection([(t, t.capitalize()) for t in LINE_TYPES],
                            required=True, readonly=True)
    amount = fields.Float(readonly=True)
    expected_amount = fields.Float(readonly=True)
    difference = fields.Float(readonly=True)
    variance = fields.Selection(
        [(v, VARIANCE_LABELS[v]) for v in matching.VARIANCES], readonly=True,
        index=True)
