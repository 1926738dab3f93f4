# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
STATES = [("imported", "Imported"), ("matched", "Matched"), ("partial", "Partial"),
          ("discrepancy", "Discrepancy"), ("posted", "Posted")]


class EcomSettlement(models.Model):
    """A platform payout batch: what the channel paid for a period, net of its
    commissions, refunds and adjustments. Imported with
    ``ecom.channel.import_settlement`` (idempotent per batch reference),
    then every line is matched with its order (``services/matching.py``)."""

    _name = "ecom.settlement"
    _description = "Channel settlement (payout batch)"
    _order = "period_end desc, id desc"
    _rec_name = "batch_ref"

    channel_id = fields.Many2one("ecom.channel", required=True, readonly=True,
                                 index=True, ondelete="restrict")
    batch_ref = fields.Char("Batch Reference", required=True, readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    payout_date = fields.Date(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    gross = fields.Float(readonly=True)
    fees = fields.Float(readonly=True)
    refunds = fields.Float(readonly=True)
    adjustments = fields.Float(readonly=True)
    net = fields.Float(readonly=True)
    state = fields.Selection(STATES, default="imported", required=True,
                             readonly=True, index=True)
    line_ids = fields.One2many("ecom.settlement.line", "settlement_id",
                               readonly=True)
    line_count = fields.Integer(readonly=True)
    variance_count = fields.Integer(readonly=True)
    payload_hash = fields.Char(readonly=True, copy=False,
                               help="Fingerprint of the imported batch (idempotence).")
    returns_without_refund = fields.Integer(
        readonly=True, help="Orders of this batch whose goods came back but "
                            "which carry no refund line.")

    _sql_constraints = [
        ("batch_ref_uniq", "unique(channel_id, batch_ref)",
         "This channel already has a settlement with this batch reference."),
    ]
