"""Reveal one field of one customer with a purpose (customer service screen)."""
from odoo import api, fields, models

from ..services import purpose


class EcomPiiRevealWizard(models.TransientModel):
    _name = "ecom.pii.reveal.wizard"
    _description = "Reveal a customer's personal field"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    field_name = fields.Selection(
        [(name, name.capitalize()) for name in purpose.REVEALABLE_FIELDS],
        string="Field", required=True, default="phone")
    purpose = fields.Selection(purpose.PURPOSES, required=True)
    note = fields.Char(string="Case reference")
    revealed_value = fields.Char(readonly=True)

    @api.multi
    def action_reveal(self):
        self.ensure_one()
        result = self.partner_id.ecom_pii_reveal(
            self.field_name, self.purpose, self.note)
        # the value lives in this transient row of the caller only (vacuumed)
        self.write({"revealed_value": result["value"] or "-"})
        return {
            "type": "ir.actions.act_window", "res_model": self._name,
            "res_id": self.id, "view_mode": "form", "target": "new",
        }
