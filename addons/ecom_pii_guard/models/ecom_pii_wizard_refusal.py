"""Wizards that copy customer data, refused to some privacy levels.

Transient models have no access rights in Odoo (everyone may create rows),
so the refusal is in ``check_access_rights``, which every create, read,
write and search of the wizard passes. A wizard inherits this mixin and
names the levels (see ``res.partner._ecom_pii_level``) it refuses.
"""
from odoo import _, api, models
from odoo.exceptions import AccessError


class EcomPiiWizardRefusal(models.AbstractModel):
    _name = "ecom.pii.wizard.refusal"
    _description = "Wizard refused to restricted privacy levels"

    #: Privacy levels that may not use the wizard.
    _ecom_pii_refused_levels = ("masked", "hidden")

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        level = self.env["res.partner"]._ecom_pii_level()
        if level in self._ecom_pii_refused_levels:
            if not raise_exception:
                return False
            raise AccessError(_(
                "%s: this wizard is not available to your role.") % self._name)
        return super().check_access_rights(operation, raise_exception=raise_exception)
