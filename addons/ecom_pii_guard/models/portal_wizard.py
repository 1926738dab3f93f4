"""``portal.wizard``: granting portal access copies customers' e-mails into
logins and sends invitations with sign-up tokens: administrators and users of
no e-commerce role only."""
from odoo import models


class PortalWizard(models.TransientModel):
    _name = "portal.wizard"
    _inherit = ["portal.wizard", "ecom.pii.wizard.refusal"]
