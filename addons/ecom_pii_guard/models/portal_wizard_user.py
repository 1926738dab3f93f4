"""``portal.wizard.user``: one line of the portal access wizard (a customer's
e-mail, its user): refused like portal_wizard.py."""
from odoo import models


class PortalWizardUser(models.TransientModel):
    _name = "portal.wizard.user"
    _inherit = ["portal.wizard.user", "ecom.pii.wizard.refusal"]
