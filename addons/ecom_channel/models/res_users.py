# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessDenied

from .ecom_api_key import KEY_PREFIX


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def check_credentials(self, password):
        """Accept an active API key of the user as its password (Odoo 11 hook)."""
        try:
            return super().check_credentials(password)
        except AccessDenied:
            if not self.env["ecom.api.key"]._check_key(self.env.uid, password):
                raise

    @classmethod
    def check(cls, db, uid, passwd):
        # API keys bypass the per-worker uid/password cache of res.users.check, so a
        # revoked key stops working at once in every worker of a prefork server.
        if passwd and isinstance(passwd, str) and passwd.startswith(KEY_PREFIX):
            with cls.pool.cursor() as cr:
                self = api.Environment(cr, uid, {})[cls._name]
                self.check_credentials(passwd)
            return
        return super().check(db, uid, passwd)
