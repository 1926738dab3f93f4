"""``mail.wizard.invite``: adding followers picks partners and e-mails them a
copy of the document's name: not for the hidden level."""
from odoo import models


class MailWizardInvite(models.TransientModel):
    _name = "mail.wizard.invite"
    _inherit = ["mail.wizard.invite", "ecom.pii.wizard.refusal"]
    _ecom_pii_refused_levels = ("hidden",)
