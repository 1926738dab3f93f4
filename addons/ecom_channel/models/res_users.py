# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessDenied
from odoo.http import request

from ..services import api_keys
from .ir_http import SESSION_KEY


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def check_credentials(self, password):
        """Accept an active API key of the user as its password (Odoo 11 hook).

        A web session logging in with a key is bound to it (see ir_http.py);
        one logging in with the password is not.
        """
        try:
            result = super().check_credentials(password)
        except AccessDenied:
            key_id = self.env["ecom.api.key"]._check_key(self.env.uid, password)
            if not key_id:
                raise
            self._ecom_bind_session(key_id)
            return None
        self._ecom_bind_session(False)
        return result

    @api.model
    def _ecom_bind_session(self, key_id):
        """Note in the web session being opened which key opened it (or none)."""
        try:
            session = request.session
            path = request.httprequest.path
        except RuntimeError:  # XML-RPC: no web request, no session
            return
        if path == "/jsonrpc":  # stateless RPC: the key is checked at every call
            return
        if key_id:
            session[SESSION_KEY] = key_id
        elif SESSION_KEY in session:
            del session[SESSION_KEY]

    @api.multi
    def _ecom_is_api_only(self):
        """Integration role without internal-user rights (no web client)."""
        self.ensure_one()
        return self.has_group("ecom_base.group_integration") and not \
            self.has_group("base.group_user")

    @classmethod
    def check(cls, db, uid, passwd):
        # API keys bypass the per-worker uid/password cache of res.users.check, so a
        # revoked key stops working at once in every worker of a prefork server.
        if api_keys.looks_like_key(passwd):
            with cls.pool.cursor() as cr:
                self = api.Environment(cr, uid, {})[cls._name]
                self.check_credentials(passwd)
            # answered here without super(): pass the call through the gate
            cls._ecom_gate_check_rpc(uid)
            return
        return super().check(db, uid, passwd)
