# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..exceptions import EcomApiError
from ..services import api_args
from ..services.intake import IntakeError

from ..services import api_keys
from ..services.api_keys import (  # noqa: F401 (importable here as before)
    KEY_PREFIX, SESSION_HASH_CHARS, hash_key)

_logger = logging.getLogger(__name__)


class EcomApiKey(models.Model):
    """API key of an integration user, usable as its XML-RPC password.

    The key is shown once when generated; only its SHA-256 is stored. Revoking
    deactivates it at once in every worker (keys are never cached, see res.users).
    """

    _name = "ecom.api.key"
    _description = "Channel API key"
    _order = "id desc"

    name = fields.Char(
        required=True, help="What the key is for, e.g. 'Tmall connector'.")
    user_id = fields.Many2one(
        "res.users", required=True, ondelete="cascade", index=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("ecom_base.group_integration").id)])
    key_hash = fields.Char(readonly=True, index=True, copy=False,
                           groups="base.group_system")
    key_hint = fields.Char("Key Starts With", readonly=True, copy=False)
    active = fields.Boolean(default=True, readonly=True)
    revoked_at = fields.Datetime(readonly=True, copy=False)
    last_used_at = fields.Datetime(readonly=True, copy=False)

    @api.constrains("user_id")
    def _check_user_id(self):
        group = self.env.ref("ecom_base.group_integration")
        for record in self:
            # sudo: a membership test only; the manager creating a key may not
            # read users' groups (ecom_pii_guard keeps users' data narrow)
            if group not in record.user_id.sudo().groups_id:
                raise UserError(_("API keys are for channel integration users only; "
                                  "%s is not one.") % record.user_id.name)

    @api.multi
    def _generate(self):
        """Give each key a new secret; returns {id: key} (show it once)."""
        keys = {}
        for record in self:
            key = api_keys.new_key()
            # sudo: key_hash is readable by system admins only; the manager
            # creating the key writes its hash, never reads it.
            record.sudo().write({"key_hash": hash_key(key),
                                 "key_hint": key[:api_keys.HINT_CHARS]})
            keys[record.id] = key
        return keys

    @api.model
    def create_key(self, user_id, name):
        """XML-RPC/manager entry point: {"id", "key"}; the key is not kept.

        Bad arguments raise ``EcomApiError`` (``invalid_type``, ``missing_field``,
        ``too_large``, ``unknown_user``, ``not_integration_user``; see USAGE).
        """
        error = api_args.check_key_request(user_id, name)
        if not error:
            # sudo: whether the user exists, is active and is an integration
            # user; nothing of the user leaves this method but its id.
            user = self.env["res.users"].sudo().with_context(
                active_test=False).browse(user_id).exists()
            if not user or not user.active:
                error = IntakeError("unknown_user", "user_id", value=user_id)
            elif self.env.ref("ecom_base.group_integration") not in user.groups_id:
                error = IntakeError("not_integration_user", "user_id",
                                    value="user %d" % user_id)
        if error:
            raise EcomApiError(error)
        record = self.create({"user_id": user_id, "name": name})
        return {"id": record.id, "key": record._generate()[record.id]}

    @api.multi
    def action_generate(self):
        self.ensure_one()
        if self.revoked_at:
            raise UserError(_("A revoked key cannot be renewed; create a new one."))
        key = self._generate()[self.id]
        wizard = self.env["ecom.api.key.reveal"].create(
            {"api_key_id": self.id, "key": key})
        return {
            "type": "ir.actions.act_window",
            "res_model": "ecom.api.key.reveal",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Copy the key now: it is not shown again"),
        }

    @api.multi
    def action_revoke(self):
        self.write({"active": False, "revoked_at": fields.Datetime.now()})
        return True

    @api.model
    def _check_key(self, uid, key):
        """The session binding of ``key`` (truthy) when it is an active key of
        user ``uid``, else False; notes the use."""
        if not api_keys.looks_like_key(key):
            return False
        # sudo: the caller is not logged in yet; only the binding (key id and
        # a prefix of the hash of the key) leaves this method.
        key_hash = hash_key(key)
        record = self.sudo().search([("key_hash", "=", key_hash),
                                     ("user_id", "=", uid),
                                     ("user_id.active", "=", True)], limit=1)
        if not record:
            return False
        self._touch(record.id)
        return api_keys.session_binding(record.id, key_hash)

    @api.model
    def _ecom_session_key_valid(self, binding, uid):
        """Whether the key that opened a web session still works for ``uid``.

        ``binding`` is what ``_check_key`` answered at login: revoking the key,
        generating a new secret for it or deactivating the user ends the
        session. Plain SQL, nothing cached: every worker sees a revocation at
        the next request.
        """
        parsed = api_keys.parse_binding(binding)
        if parsed is None:
            return False
        key_id, prefix = parsed
        self.env.cr.execute("""
            SELECT 1 FROM ecom_api_key k JOIN res_users u ON u.id = k.user_id
             WHERE k.id = %s AND k.user_id = %s AND k.active AND u.active
               AND k.revoked_at IS NULL AND left(k.key_hash, %s) = %s
        """, (key_id, uid, SESSION_HASH_CHARS, prefix))
        return bool(self.env.cr.fetchone())

    @api.model
    def _touch(self, key_id):
        """last_used_at, at most once a minute, in its own short transaction."""
        try:
            with self.pool.cursor() as cr:
                cr.execute("""
                    UPDATE ecom_api_key SET last_used_at = now() at time zone 'UTC'
                     WHERE id = %s AND (last_used_at IS NULL OR last_used_at <
                           now() at time zone 'UTC' - interval '1 minute')
                """, (key_id,))
        except psycopg2.Error:
            # a parallel call just updated it: that one's time is as good
            _logger.debug("ecom.api.key %s: last-used update skipped", key_id)


class EcomApiKeyReveal(models.TransientModel):
    _name = "ecom.api.key.reveal"
    _description = "Show a new API key once"

    api_key_id = fields.Many2one("ecom.api.key", readonly=True)
    key = fields.Char(readonly=True)
