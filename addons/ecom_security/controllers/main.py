"""Second factor at login: enrolment for roles that make it mandatory.

The password step is Odoo's login form. When ``res.users.check_credentials``
finds that the user's role makes a second factor mandatory and the user has
none, it notes the user in the session and refuses the login; ``web_login``
then sends the browser to ``/ecom_security/totp/enrol``, which shows a new
secret (QR code and text), checks one code from the app, stores the
authenticator (OCA ``auth_totp``), switches MFA on and finishes the login.
Users who already have MFA on get OCA ``auth_totp``'s code page; its POST
step is replaced here: OCA's replays the password from the session, which
this Odoo 11 no longer keeps there (session tokens), so it never logged in.

Both steps finish the login with a one-time proof token kept in the
server-side session (``res.users._ecom_second_factor_proof``). A wrong code
is stored as a failed authentication attempt, so codes are rate-limited by
the same lockout as passwords.
"""
import base64
import secrets
from datetime import datetime, timedelta

from odoo import http
from odoo.http import Response, request
from werkzeug.wrappers import Response as WerkzeugResponse

from odoo.addons.auth_totp.controllers.main import AuthTotp, JsonSecureCookie

from ..exceptions import (TOTP_CODE_INVALID, TOTP_ENROLMENT_NEEDED,
                          TOTP_SESSION_MISSING, message)
from ..models.res_users import (ENROL_SESSION_KEY, PASSWORD_OK_SESSION_KEY,
                                PROOF_SESSION_KEY)
from ..services import totp

SECRET_SESSION_KEY = "ecom_totp_enrol_secret"
ENROL_PATH = "/ecom_security/totp/enrol"


class SecurityHome(AuthTotp):

    @http.route()
    def web_login(self, *args, **kwargs):
        response = super(SecurityHome, self).web_login(*args, **kwargs)
        if request.session.get(ENROL_SESSION_KEY):
            return http.local_redirect(
                ENROL_PATH, query={"redirect": request.params.get("redirect")},
                keep_hash=True)
        return response

    def _enrol_user(self):
        """The user who passed the password step in this session, or None."""
        uid = request.session.get(ENROL_SESSION_KEY)
        if not uid or not request.session.get("login"):
            return None
        # sudo: no one is logged in yet; the id comes from the server-side
        # session, written by check_credentials after a correct password.
        user = request.env["res.users"].sudo().browse(uid).exists()
        if not user or user.login != request.session.get("login"):
            return None
        return user

    def _enrol_page(self, user, error=None):
        secret = request.session.get(SECRET_SESSION_KEY)
        if not secret:
            secret = request.session[SECRET_SESSION_KEY] = totp.new_secret()
        uri = totp.provisioning_uri(secret, user.login, user.company_id.name)
        png = request.env["ir.actions.report"].sudo().barcode(
            "QR", uri, width=240, height=240)
        return request.render("ecom_security.totp_enrol", {
            "redirect": request.params.get("redirect") or "",
            "login": user.login,
            "secret": secret,
            "qr_src": "data:image/png;base64,%s" % base64.b64encode(png).decode(),
            "notice": message(TOTP_ENROLMENT_NEEDED),
            "error": error,
        })

    @http.route(ENROL_PATH, type="http", auth="public", methods=["GET"])
    def totp_enrol_get(self, **kwargs):
        user = self._enrol_user()
        if not user:
            return http.local_redirect(
                "/web/login", query={"error": message(TOTP_SESSION_MISSING)})
        return self._enrol_page(user)

    @http.route(ENROL_PATH, type="http", auth="public", methods=["POST"])
    def totp_enrol_post(self, confirmation_code=None, **kwargs):
        user = self._enrol_user()
        if not user:
            return http.local_redirect(
                "/web/login", query={"error": message(TOTP_SESSION_MISSING)})
        secret = request.session.get(SECRET_SESSION_KEY)
        if not totp.verify(secret, confirmation_code):
            return self._enrol_page(user, error=message(TOTP_CODE_INVALID))
        # sudo: the user proved the password (session) and now the device; the
        # authenticator and the MFA switch are written on that user only.
        request.env["res.users.authenticator"].sudo().create({
            "name": "Enrolled at login",
            "secret_key": secret,
            "user_id": user.id,
        })
        user.sudo().write({"mfa_enabled": True})
        # authenticate() below opens its own cursor: it must see MFA switched on
        request.env.cr.commit()
        for key in (ENROL_SESSION_KEY, SECRET_SESSION_KEY):
            request.session.pop(key, None)
        return self._finish_login(user)

    # ------------------------------------------------------------------
    # code step of users with MFA on (replaces OCA auth_totp's POST)

    @http.route()
    def mfa_login_post(self, *args, **kwargs):
        uid = request.session.get(PASSWORD_OK_SESSION_KEY)
        # sudo: no one is logged in yet; the id was written to the server-side
        # session by check_credentials after a correct password.
        user = request.env["res.users"].sudo().browse(uid or []).exists()
        if not user or user.login != request.session.get("login"):
            return http.local_redirect(
                "/web/login", query={"redirect": request.params.get("redirect"),
                                     "error": message(TOTP_SESSION_MISSING)},
                keep_hash=True)
        attempts = request.env["res.authentication.attempt"].sudo()
        remote = request.httprequest.remote_addr
        code = request.params.get("confirmation_code")
        if not attempts._trusted(remote, user.login) or \
                not user.validate_mfa_confirmation_code(code):
            # a wrong code counts like a wrong password (lockout)
            attempts.create({"login": user.login, "remote": remote,
                             "result": "failed"})
            request.env.cr.commit()
            return http.local_redirect(
                "/auth_totp/login",
                query={"redirect": request.params.get("redirect"),
                       "error": message(TOTP_CODE_INVALID)},
                keep_hash=True)
        request.session.pop(PASSWORD_OK_SESSION_KEY, None)
        response = self._finish_login(user)
        if request.params.get("remember_device") and request.session.uid:
            self._set_device_cookie(response, user)
        return response

    def _finish_login(self, user):
        """Log ``user`` in with a one-time proof (both factors passed)."""
        token = secrets.token_urlsafe(32)
        request.session[PROOF_SESSION_KEY] = {"uid": user.id, "token": token}
        request.session["mfa_login_active"] = user.id
        uid = request.session.authenticate(request.db, user.login, token)
        request.session.pop(PROOF_SESSION_KEY, None)
        if not uid:
            return http.local_redirect("/web/login")
        request.params["login_success"] = True
        response = http.redirect_with_hash(request.params.get("redirect") or "/web")
        if not isinstance(response, WerkzeugResponse):
            response = Response(response)
        return response

    def _set_device_cookie(self, response, user):
        """OCA auth_totp's "remember this device" cookie (30 days)."""
        lifetime = timedelta(days=30)
        expires = datetime.utcnow() + lifetime
        cookie = JsonSecureCookie(
            {"user_id": user.id}, user.sudo().trusted_device_cookie_key)
        response.set_cookie(
            "trusted_devices_%d" % user.id, cookie.serialize(expires),
            max_age=lifetime.total_seconds(), expires=expires,
            httponly=True, secure=True)
