"""``portal.wizard``: Granting portal access copies customers' e-mails into logins and
sends invitations with sign-up tokens: administrators and users of no e-commerce
role only.

Transient models have no access rights in Odoo (everyone may create rows),
so the refusal is in ``check_access_rights``, which every create, read,
write and search of the wizard passes.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError


class PortalWizard(models.TransientModel):
    _inherit = "portal.wizard"

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        if self.env["res.partner"]._ecom_pii_level() != "clear":
            if not raise_exception:
                return False
            raise AccessError(_(
                "%s: this wizard is not available to your role.") % self._name)
        return super().check_access_rights(operation, raise_exception=raise_exception)
