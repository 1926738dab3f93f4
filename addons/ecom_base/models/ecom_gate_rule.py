# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The allow-list gate's data: what each restricted role may call.

Every add-on declares the model methods, reports and HTTP routes its
restricted users need in ``security/ecom.gate.rule-<topic>.csv``; anything
else is refused to the gated roles (``GATED_GROUPS``) at the entry points
(``ir.http`` for web requests, ``res.users.check`` for XML-RPC/``/jsonrpc``).
Administrators and users of no e-commerce role are never gated.
"""
import logging

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, ValidationError

from ..services import gate

_logger = logging.getLogger(__name__)

#: Roles that work from the allow-list (managers imply these groups).
GATED_GROUPS = (
    "ecom_base.group_warehouse_operator",
    "ecom_base.group_purchase_planner",
    "ecom_base.group_integration",
    "ecom_base.group_customer_service",
)
#: Never gated, whatever else they hold.
UNGATED_GROUPS = ("base.group_system",)
MODE_PARAM = "ecom_base.gate_mode"


class EcomGateRule(models.Model):
    _name = "ecom.gate.rule"
    _description = "E-commerce access gate: allowed call"
    _order = "kind, model, id"

    name = fields.Char(required=True, help="What the role does with it.")
    kind = fields.Selection(
        [(gate.KIND_METHOD, "Model methods"), (gate.KIND_REPORT, "Reports"),
         (gate.KIND_ROUTE, "HTTP routes")],
        required=True, default=gate.KIND_METHOD)
    model = fields.Char(
        help="Technical model name (method rules only), e.g. stock.picking.")
    methods = fields.Char(
        required=True,
        help="Space-separated method names or sets (@read, @create, @write, "
             "@unlink, @export); report names for report rules; paths for route "
             "rules (a trailing * matches a prefix).")
    group_ids = fields.Many2many(
        "res.groups", "ecom_gate_rule_group_rel", "rule_id", "group_id",
        string="Roles", required=True)
    module = fields.Char(
        compute="_compute_module", help="Add-on that declared the rule.")
    active = fields.Boolean(default=True)

    @api.multi
    def _compute_module(self):
        data = self.env["ir.model.data"].sudo().search_read(
            [("model", "=", self._name), ("res_id", "in", self.ids)],
            ["module", "res_id"])
        by_id = {row["res_id"]: row["module"] for row in data}
        for rule in self:
            rule.module = by_id.get(rule.id, False)

    @api.constrains("kind", "model", "methods")
    def _check_methods(self):
        for rule in self:
            try:
                gate.Policy.compile([(rule.kind, rule.model, rule.methods)])
            except gate.InvalidRule as err:
                raise ValidationError(_("Gate rule %s: %s") % (rule.name, err))

    # -- CRUD: every change recompiles the allow-lists on every worker -------

    @api.model
    def create(self, vals):
        record = super().create(vals)
        self.clear_caches()
        return record

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        self.clear_caches()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self.clear_caches()
        return result

    # -- the compiled policy ------------------------------------------------

    @api.model
    @tools.ormcache("uid")
    def _ecom_gate_policy_of(self, uid):
        """The user's compiled :class:`gate.Policy`, or None when not gated.

        Cached per worker; rule changes and group changes clear the registry
        cache, which Odoo signals to the other workers.
        """
        if uid == SUPERUSER_ID:
            return None
        # sudo: reading group membership and the rules, not business data;
        # the caller gets a yes/no answer about its own calls only
        user = self.env["res.users"].sudo().browse(uid)
        if not user.exists() or any(user.has_group(g) for g in UNGATED_GROUPS):
            return None
        if not any(user.has_group(g) for g in GATED_GROUPS):
            return None
        rules = self.sudo().search([("group_ids", "in", user.groups_id.ids)])
        try:
            return gate.Policy.compile(
                (rule.kind, rule.model, rule.methods) for rule in rules)
        except gate.InvalidRule:
            _logger.exception("ecom gate: invalid rule for uid %s", uid)
            return gate.Policy()  # refuse everything rather than guess

    @api.model
    @tools.ormcache()
    def _ecom_gate_mode(self):
        """``enforce`` (default) or ``log``: log mode records but lets calls pass."""
        # sudo: a technical setting
        mode = self.env["ir.config_parameter"].sudo().get_param(MODE_PARAM)
        return "log" if mode == "log" else "enforce"

    @api.model
    def _ecom_gate_denial(self, uid, path=None, params=None, model=None,
                          method=None):
        """``(kind, target)`` refused to ``uid`` for this call, else None."""
        policy = self._ecom_gate_policy_of(uid)
        if policy is None:
            return None
        return policy.denial(path=path, params=params, model=model, method=method)

    @api.model
    def _ecom_gate_enforce(self, uid, path=None, params=None, model=None,
                           method=None):
        """Raise AccessError (and count it) when the call is not allowed."""
        refused = self._ecom_gate_denial(uid, path=path, params=params,
                                         model=model, method=method)
        if refused is None:
            return
        kind, target = refused
        self.env["ecom.gate.denial"]._ecom_log_denial(uid, kind, target, path)
        if self._ecom_gate_mode() == "log":
            return
        raise AccessError(self._ecom_gate_message(kind, target))

    @api.model
    def _ecom_gate_message(self, kind, target):
        if kind == gate.KIND_ROUTE:
            return _("Your role may not open %s (e-commerce access gate).") % target
        if kind == gate.KIND_REPORT:
            return _("Your role may not print the report %s (e-commerce access "
                     "gate).") % target
        model, _dot, method = target.rpartition(".")
        return _("Your role may not call %s on %s (e-commerce access gate).") % (
            method, model)

    # -- what the privacy officer and the scanner read ---------------------

    @api.model
    def allowed_calls(self, user_id):
        """What ``user_id`` may call: ``{"gated", "methods", "reports", "routes"}``.

        Administrators and the privacy officer only: the list itself says
        nothing about customers, but it maps the attack surface.
        """
        user = self.env.user
        if not (user.has_group("base.group_system")
                or user.has_group("ecom_base.group_privacy_officer")):
            raise AccessError(_("Only administrators and the privacy officer may "
                                "read the gate's allow-lists."))
        policy = self._ecom_gate_policy_of(int(user_id))
        if policy is None:
            return {"gated": False, "methods": [], "reports": [], "routes": []}
        return {
            "gated": True,
            "methods": sorted(list(pair) for pair in policy.pairs),
            "reports": sorted(policy.reports),
            "routes": list(policy.routes),
        }
