import base64

from odoo import api, models
from odoo.exceptions import AccessError

from ..exceptions import TOTP_OTHER_USER, message
from ..services import totp


class ResUsersAuthenticatorCreate(models.TransientModel):
    _inherit = "res.users.authenticator.create"

    @api.multi
    @api.depends("secret_key", "user_id.display_name",
                 "user_id.company_id.display_name")
    def _compute_qr_code_tag(self):
        """The QR code as an inline image: the OCA wizard puts the secret in a
        /report/barcode URL, which lands in access logs of nginx and Odoo."""
        report = self.env["ir.actions.report"]
        for record in self:
            if not record.user_id or not record.secret_key:
                continue
            uri = totp.provisioning_uri(
                record.secret_key, record.user_id.login,
                record.user_id.company_id.display_name)
            png = report.barcode("QR", uri, width=240, height=240)
            record.qr_code_tag = '<img src="data:image/png;base64,%s"/>' % (
                base64.b64encode(png).decode("ascii"))

    @api.multi
    def _create_authenticator(self):
        """Only for oneself, and MFA is switched on with the first device (the
        OCA wizard leaves a second step in the preferences)."""
        for wizard in self:
            if wizard.user_id != self.env.user and not self.env.user._is_admin():
                raise AccessError(message(TOTP_OTHER_USER, user=wizard.user_id.login))
        result = super(ResUsersAuthenticatorCreate, self)._create_authenticator()
        for wizard in self:
            if not wizard.user_id.mfa_enabled:
                # sudo: mfa_enabled of the wizard's own user (checked above), who
                # just proved the device with a valid code; users may not write
                # their own res.users record through the access gate.
                wizard.user_id.sudo().write({"mfa_enabled": True})
        return result
