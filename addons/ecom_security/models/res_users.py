import threading

from odoo import SUPERUSER_ID, api, fields, models
from odoo.http import request
from odoo.tools.misc import consteq

from odoo.addons.auth_totp.exceptions import MfaLoginNeeded

from ..exceptions import TotpEnrolmentNeeded
from ..services import totp

#: session keys (server-side session file, not readable by the browser):
#: the user who passed the password step and must enrol now
ENROL_SESSION_KEY = "ecom_totp_enrol_uid"
#: the user who passed the password step and must type a code now
PASSWORD_OK_SESSION_KEY = "ecom_totp_password_ok_uid"
#: one-time proof that both factors passed in this session (see check_credentials)
PROOF_SESSION_KEY = "ecom_totp_proof"


class ResUsers(models.Model):
    _inherit = "res.users"

    # OCA auth_totp signs the "remember this device" cookie with this key and
    # leaves it readable by everyone who may read users: a colleague could
    # forge the cookie and skip someone's second factor. Administrators only.
    trusted_device_cookie_key = fields.Char(groups="base.group_system")

    @api.multi
    def _ecom_totp_decision(self):
        """'ok', 'enrol' or 'code' for this user (see services.totp)."""
        self.ensure_one()
        return totp.requires_second_factor(
            self.groups_id.mapped("ecom_totp_mandatory"), self.mfa_enabled)

    @classmethod
    def authenticate(cls, db, login, password, user_agent_env):
        """XML-RPC ``common.authenticate`` skips the check of the other
        workers' cache signals that HTTP and ``object`` calls make, so a worker
        could judge a login with stale lockout settings (ir.config_parameter
        is cached): check them first (one small query per login)."""
        cls.pool.check_signaling()
        return super(ResUsers, cls).authenticate(db, login, password, user_agent_env)

    @api.model
    def check_credentials(self, password):
        """Mandatory second factor for users without one: the password is
        checked first (a wrong one fails as usual and counts as a failed
        attempt), then the login stops with :class:`TotpEnrolmentNeeded`.

        Users with MFA on are handled by OCA ``auth_totp`` (code page after the
        password, refusal outside a web session).
        """
        if self._ecom_second_factor_proof(password):
            return None
        self._ecom_load_device_key()
        # the attempt auth_brute_force records for this login (set by its
        # wrapper of _login/authenticate; gone once the nested check returns)
        attempt_id = getattr(threading.current_thread(), "auth_attempt_id", None)
        try:
            result = super(ResUsers, self).check_credentials(password)
        except MfaLoginNeeded:
            # auth_totp raises it only after the password matched: remember
            # who passed (the session no longer keeps passwords in this Odoo)
            if request:
                request.session[PASSWORD_OK_SESSION_KEY] = self.env.uid
            self._ecom_attempt_not_successful(attempt_id)
            raise
        # sudo: reads the flags of the user's own groups, which portal users
        # may not read themselves; nothing of it leaves this method.
        user = self.env.user.sudo()
        if user._ecom_totp_decision() == "enrol":
            if request:
                request.session[ENROL_SESSION_KEY] = user.id
            self._ecom_attempt_not_successful(attempt_id)
            raise TotpEnrolmentNeeded()
        return result

    @api.model
    def _ecom_load_device_key(self):
        """Put the device-cookie key of the user logging in into the
        transaction's cache, where auth_totp's check reads it as that user
        (the field is for administrators only)."""
        # sudo: the value stays in the cache of this login check; it is
        # compared with the browser's cookie and never returned.
        user = self.env.user.sudo()
        if user.mfa_enabled:
            user.trusted_device_cookie_key  # pylint: disable=pointless-statement

    @api.model
    def _ecom_attempt_not_successful(self, attempt_id):
        """A password step that stops for the second factor is no success.

        auth_totp sits above auth_brute_force in the method order here, so
        the password check alone was recorded "successful", which resets the
        failure counts: an attacker holding the password could guess codes
        forever. Recorded as "failed" instead; the login finished with the
        second factor records its own success. Separate cursor, as
        auth_brute_force does, so the row survives the refused login."""
        if not attempt_id:
            return
        with self.pool.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})[
                "res.authentication.attempt"].browse(attempt_id).write(
                {"result": "failed"})

    @api.model
    def _ecom_second_factor_proof(self, password):
        """True for the one-time token the login controller hands to
        ``session.authenticate`` once password and code both passed in this
        web session (this Odoo keeps no password in the session to replay, as
        OCA auth_totp expects). Only valid once, only in that session, only
        for that user."""
        if not request or not password:
            return False
        proof = request.session.get(PROOF_SESSION_KEY)
        if not proof or proof.get("uid") != self.env.uid:
            return False
        if not consteq(str(password), proof.get("token", "")):
            return False
        request.session.pop(PROOF_SESSION_KEY, None)
        return True

    @api.model_cr_context
    def _auth_timeout_check(self):
        """No idle timeout for visitors who are not logged in: OCA
        auth_session_timeout reads the session file's time, and a brand-new
        session has no file yet, so every first public request (the second
        factor pages, /longpolling/poll, /report/barcode) ended in "Session
        expired"."""
        if request and not request.session.uid:
            return None
        return super(ResUsers, self)._auth_timeout_check()

    @api.multi
    def _check_password(self, password):
        """Staff password policy (OCA password_security) for passwords people
        choose, not for those module data sets: upgrading an add-on reloads its
        demo users (login = password) and would fail on the policy."""
        if self.env.context.get("install_mode"):
            return True
        return super(ResUsers, self)._check_password(password)
