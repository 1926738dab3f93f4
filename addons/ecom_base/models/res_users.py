# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, models

from ..tools import rpc_call


class ResUsers(models.Model):
    _inherit = "res.users"

    @classmethod
    def check(cls, db, uid, passwd):
        """Authenticate an RPC caller, then pass its call through the gate."""
        result = super().check(db, uid, passwd)
        cls._ecom_gate_check_rpc(uid)
        return result

    @classmethod
    def _ecom_gate_check_rpc(cls, uid):
        """Gate the XML-RPC / ``/jsonrpc`` object call in flight, if any.

        Add-ons whose ``check`` override answers without calling ``super()``
        (API keys) call this themselves, so no caller skips the gate.
        """
        call = rpc_call.current_object_call()
        if call is None:
            return
        registry = cls.pool
        cached = rpc_call.cached_policy(registry, uid)
        if cached is not rpc_call.MISSING:
            if cached is None or cached.allows_method(*call):
                return  # the common case: no cursor, no query
        # not cached yet, or refused: read the other workers' cache signals
        # first (Odoo's dispatch does it only after authentication), so a
        # rule widened on another worker applies to this very call
        registry = registry.check_signaling()
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            gate = env["ecom.gate.rule"]
            rpc_call.remember_policy(registry, uid, gate._ecom_gate_policy_of(uid))
            gate._ecom_gate_enforce(uid, model=call[0], method=call[1])
