"""``portal.wizard.user``: One line of the portal access wizard (a customer's e-mail,
its user): see portal_wizard.py.

Transient models have no access rights in Odoo (everyone may create rows),
so the refusal is in ``check_access_rights``, which every create, read,
write and search of the wizard passes.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        if self.env["res.partner"]._ecom_pii_level() != "clear":
            if not raise_exception:
                return False
            raise AccessError(_(
                "%s: this wizard is not available to your role.") % self._name)
        return super().check_access_rights(operation, raise_exception=raise_exception)
