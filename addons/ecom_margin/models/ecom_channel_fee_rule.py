# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import margin


class EcomChannelFeeRule(models.Model):
    """What a channel charges per sale: a percent of the line, a fixed amount
    per order or per unit, optionally for one product category (and its
    sub-categories) and between two dates (inclusive, order date)."""

    _name = "ecom.channel.fee.rule"
    _description = "Channel fee rule"
    _order = "channel_id, sequence, id"

    channel_id = fields.Many2one("ecom.channel", required=True, ondelete="cascade",
                                 index=True)
    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection([
        (margin.PERCENT, "Percent of the line"),
        (margin.FIXED_ORDER, "Fixed per order"),
        (margin.FIXED_UNIT, "Fixed per unit"),
    ], required=True, default=margin.PERCENT)
    value = fields.Float(required=True, digits=(16, 4),
                         help="Percent (e.g. 5 = 5 %) or amount in company currency.")
    categ_id = fields.Many2one("product.category", string="Product Category",
                               help="Empty: every product.")
    date_from = fields.Date("Valid From")
    date_to = fields.Date("Valid To")

    @api.constrains("value", "kind", "date_from", "date_to")
    def _check_value_dates(self):
        for rule in self:
            if rule.value < 0 or (rule.kind == margin.PERCENT and rule.value >= 100):
                raise ValidationError(_(
                    "Fee rule %(name)s: value (value) must be >= 0 (and below 100 for "
                    "a percent), got %(value)s.")
                    % {"name": rule.name, "value": rule.value})
            if rule.date_from and rule.date_to and rule.date_to < rule.date_from:
                raise ValidationError(_(
                    "Fee rule %(name)s: end date (date_to) %(to)s is before the start "
                    "date %(from)s.")
                    % {"name": rule.name, "to": rule.date_to, "from": rule.date_from})

    @api.model
    def _rules_by_channel(self, channel_ids):
        """{channel id: [margin.FeeRule]} of the active rules, one search."""
        result = {cid: [] for cid in channel_ids}
        # sudo: fee rules are read for the margin computation only, which a
        # warehouse user's delivery validation also triggers; nothing returned
        for rule in self.sudo().search([("channel_id", "in", list(channel_ids))]):
            result[rule.channel_id.id].append(margin.FeeRule(
                rule.kind, rule.value, rule.categ_id.id or None,
                rule.date_from or None, rule.date_to or None))
        return result
