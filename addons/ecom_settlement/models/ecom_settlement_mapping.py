# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import csv_mapping
from ..services.settlement_import import LINE_TYPES


class EcomSettlementMapping(models.Model):
    """How one platform's settlement CSV reads: the columns of the order
    reference, the line type and the amount, the platform's labels of the
    line types, the types it exports as positive numbers. Used by the CSV
    upload wizard (``services/csv_mapping.py`` reads the file)."""

    _name = "ecom.settlement.mapping"
    _description = "Settlement CSV column mapping"
    _order = "channel_id, name"

    name = fields.Char(required=True, translate=False)
    channel_id = fields.Many2one("ecom.channel", required=True, index=True,
                                 ondelete="cascade")
    active = fields.Boolean(default=True)
    delimiter = fields.Selection([("comma", "Comma"), ("semicolon", "Semicolon"),
                                  ("tab", "Tab")], default="comma", required=True)
    decimal_comma = fields.Boolean(help="Amounts are written 1.234,56.")
    column_order_ref = fields.Char("Order Reference Column", required=True)
    column_type = fields.Char("Line Type Column", required=True)
    column_amount = fields.Char("Amount Column", required=True)
    type_values = fields.Text(
        "Line Type Labels",
        help="One 'platform label = line type' per line; line types: "
             "sale, refund, commission, shipping, ads, subsidy, adjustment, other.")
    negative_types = fields.Char(
        help="Comma-separated line types the platform exports as positive "
             "numbers although they are deducted (e.g. commission,shipping).")

    @api.constrains("type_values", "negative_types")
    def _check_type_values(self):
        for mapping in self:
            try:
                csv_mapping.parse_type_values(mapping.type_values)
            except ValueError as error:
                raise ValidationError(_("Line Type Labels: %s") % error)
            unknown = set(mapping._negative_types()) - set(LINE_TYPES)
            if unknown:
                raise ValidationError(_("Negative Types: unknown line types %s")
                                      % ", ".join(sorted(unknown)))

    @api.multi
    def _negative_types(self):
        self.ensure_one()
        return [kind.strip() for kind in (self.negative_types or "").split(",")
                if kind.strip()]

    @api.multi
    def _as_dict(self):
        """The mapping as ``csv_mapping.parse`` reads it."""
        self.ensure_one()
        return {"delimiter": csv_mapping.DELIMITERS[self.delimiter],
                "order_ref": self.column_order_ref, "type": self.column_type,
                "amount": self.column_amount,
                "type_values": csv_mapping.parse_type_values(self.type_values),
                "negative_types": set(self._negative_types()),
                "decimal_comma": self.decimal_comma}
