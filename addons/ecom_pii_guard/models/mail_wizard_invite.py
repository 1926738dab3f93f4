"""``mail.wizard.invite``: Adding followers picks partners and e-mails them a copy of
the document's name: not for the hidden level.

Transient models have no access rights in Odoo (everyone may create rows),
so the refusal is in ``check_access_rights``, which every create, read,
write and search of the wizard passes.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError


class MailWizardInvite(models.TransientModel):
    _inherit = "mail.wizard.invite"

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        if self.env["res.partner"]._ecom_pii_level() == "hidden":
            if not raise_exception:
                return False
            raise AccessError(_(
                "%s: this wizard is not available to your role.") % self._name)
        return super().check_access_rights(operation, raise_exception=raise_exception)
