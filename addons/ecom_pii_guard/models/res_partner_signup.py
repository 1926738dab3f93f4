"""Portal sign-up tokens of customers (auth_signup) stay with the server.

``signup_get_auth_param`` returns a partner's sign-up token (creating one when
b2c sign-up is open) or its login; ``signup_prepare`` creates a token. Both are
public methods: any internal user could take over a customer's portal account
with them. Restricted roles (masked and hidden levels) cannot call them; the
masked level still gets the parameters inside the server's own flows (the link
of a quotation e-mail rendered from a stored template). The derived field
``signup_url`` is blanked in ``res_partner.py`` (``DERIVED_FIELDS``) and out
of reach of templates (``services/template_sandbox.py``).
"""
import sys

from odoo import _, api, models
from odoo.exceptions import AccessError

from ..services import rpc_caller
from .ir_qweb import RPC_ENTRY_CODES


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _ecom_signup_refused(self, method):
        return AccessError(_(
            "res.partner.%s: sign-up tokens are not available to your role.")
            % method)

    @api.multi
    def signup_get_auth_param(self):
        level = self._ecom_pii_level()
        if level == "hidden" or (level == "masked" and rpc_caller.called_by(
                sys._getframe(0), "signup_get_auth_param", RPC_ENTRY_CODES)):
            raise self._ecom_signup_refused("signup_get_auth_param")
        return super().signup_get_auth_param()

    @api.multi
    def signup_prepare(self, signup_type="signup", expiration=False):
        if self._ecom_pii_level() != "clear":
            raise self._ecom_signup_refused("signup_prepare")
        return super().signup_prepare(signup_type=signup_type, expiration=expiration)

    @api.multi
    def signup_cancel(self):
        if self._ecom_pii_level() != "clear":
            raise self._ecom_signup_refused("signup_cancel")
        return super().signup_cancel()
