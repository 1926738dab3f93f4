# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Web sessions of API clients: bound to their key, no web-client screens.

JSON-RPC clients such as odoorpc log in through ``/web/session/authenticate``
and call ``/web/dataset/call_kw``. When the password they gave is an API key,
``res.users.check_credentials`` notes the key in the session
(``ecom_api_key_id``); every later request of that session checks the key in
the database (one indexed query, nothing cached in a worker), so revoking the
key ends its sessions at once on every worker of a prefork server: the next
call answers "session expired" and the session is logged out.

Sessions opened with a key, and every session of an API-only user
(integration role without internal-user rights), get no web-client screens
(``/web``, its menus, actions and client bootstrap): 403 with a message, or a
JSON-RPC AccessError.
"""
import werkzeug.exceptions

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError
from odoo.http import SessionExpiredException, request

from ..services.api_keys import (  # noqa: F401 (importable here as before)
    API_CLIENT_PATHS, LOGIN_PATHS, WEB_CLIENT_PATHS, WEB_CLIENT_PREFIXES,
    is_web_client_path)

SESSION_KEY = "ecom_api_key_id"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _postprocess_args(cls, arguments, rule):
        refused = cls._ecom_api_session_check()
        if refused is not None:
            return refused
        return super()._postprocess_args(arguments, rule)

    @classmethod
    def _ecom_api_session_check(cls):
        """None to go on, or the response that ends or refuses the request."""
        session = request.session
        uid = session.uid
        if not uid or not request.db:
            return None
        path = request.httprequest.path
        key_id = session.get(SESSION_KEY)
        env = api.Environment(request.cr, SUPERUSER_ID, {})
        if key_id and not env["ecom.api.key"]._ecom_session_key_valid(key_id, uid):
            session.logout(keep_db=True)
            if path in LOGIN_PATHS:
                return None
            return request._handle_exception(SessionExpiredException(_(
                "The API key of this session was revoked: log in again with an "
                "active key.")))
        if is_web_client_path(path) and (
                key_id or env["res.users"].sudo(uid).browse(uid)._ecom_is_api_only()):
            message = _(
                "This login is for the API only (XML-RPC, JSON-RPC): it has no "
                "web-client screens (%s).") % path
            if request._request_type == "json":
                return request._handle_exception(AccessError(message))
            return werkzeug.exceptions.Forbidden(description=message).get_response(
                request.httprequest.environ)
        return None
