"""Reveal one field of one customer with a purpose (customer service screen).

The revealed value is never written to the database, not even to this
transient row: ``action_reveal`` hands it to the client in the context of the
action that reopens the wizard, and ``revealed_value`` is a non-stored field
computed from that context for this wizard only. Closing the dialog forgets it.
"""
from odoo import api, fields, models

from ..services import purpose

#: Context keys carrying the value back to the reopened wizard (client side only).
VALUE_KEY = "ecom_pii_revealed_value"
WIZARD_KEY = "ecom_pii_revealed_wizard"


class EcomPiiRevealWizard(models.TransientModel):
    _name = "ecom.pii.reveal.wizard"
    _description = "Reveal a customer's personal field"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    field_name = fields.Selection(
        [(name, name.capitalize()) for name in purpose.REVEALABLE_FIELDS],
        string="Field", required=True, default="phone")
    purpose = fields.Selection(purpose.PURPOSES, required=True)
    note = fields.Char(string="Case reference")
    revealed_value = fields.Char(compute="_compute_revealed_value", store=False)

    def _compute_revealed_value(self):
        context = self.env.context
        for wizard in self:
            if wizard.id and context.get(WIZARD_KEY) == wizard.id:
                wizard.revealed_value = context.get(VALUE_KEY) or False
            else:
                wizard.revealed_value = False

    @api.multi
    def action_reveal(self):
        self.ensure_one()
        result = self.partner_id.ecom_pii_reveal(
            self.field_name, self.purpose, self.note)
        context = dict(self.env.context)
        context.update({VALUE_KEY: result["value"] or "-", WIZARD_KEY: self.id})
        return {
            "type": "ir.actions.act_window", "res_model": self._name,
            "res_id": self.id, "view_mode": "form", "target": "new",
            "context": context,
        }
