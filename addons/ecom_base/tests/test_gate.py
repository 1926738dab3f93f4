"""The gate's data in the ORM: who is gated, compiled allow-lists, refusals."""
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase


class TestGate(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       no_reset_password=True))
        cls.Gate = cls.env["ecom.gate.rule"]
        cls.operator = cls.env.ref("ecom_base.user_warehouse_operator_demo")
        cls.plain = cls.env["res.users"].create({
            "name": "Gate test plain user", "login": "gate_test_plain",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])]})

    def test_who_is_gated(self):
        root = self.env.ref("base.user_root")
        self.assertIsNone(self.Gate._ecom_gate_policy_of(root.id))
        self.assertIsNone(self.Gate._ecom_gate_policy_of(self.plain.id))
        admin = self.env.ref("base.user_admin") if self.env.ref(
            "base.user_admin", False) else self.env.ref("base.user_root")
        self.assertIsNone(self.Gate._ecom_gate_policy_of(admin.id))
        policy = self.Gate._ecom_gate_policy_of(self.operator.id)
        self.assertIsNotNone(policy)
        self.assertTrue(policy.allows_method("stock.picking", "read"))
        self.assertFalse(policy.allows_method("mail.mail", "read"))
        self.assertFalse(policy.allows_method("mail.template", "render_template"))
        self.assertTrue(policy.allows_route("/web"))

    def test_enforce_refuses_with_the_model_and_method_named(self):
        with self.assertRaisesRegex(AccessError, "render_template.*mail.template"):
            self.Gate._ecom_gate_enforce(self.operator.id, model="mail.template",
                                         method="render_template")
        self.Gate._ecom_gate_enforce(self.operator.id, model="stock.picking",
                                     method="search_read")
        # administrators and users of no e-commerce role pass untouched
        self.Gate._ecom_gate_enforce(self.plain.id, model="mail.template",
                                     method="render_template")

    def test_a_new_rule_is_compiled_at_once_and_removed_at_once(self):
        group = self.env.ref("ecom_base.group_warehouse_operator")
        self.assertFalse(self.Gate._ecom_gate_policy_of(self.operator.id)
                         .allows_method("res.lang", "get_installed"))
        rule = self.Gate.create({"name": "languages", "model": "res.lang",
                                 "methods": "get_installed",
                                 "group_ids": [(6, 0, group.ids)]})
        self.assertTrue(self.Gate._ecom_gate_policy_of(self.operator.id)
                        .allows_method("res.lang", "get_installed"))
        rule.unlink()
        self.assertFalse(self.Gate._ecom_gate_policy_of(self.operator.id)
                         .allows_method("res.lang", "get_installed"))

    def test_a_rule_that_cannot_be_compiled_is_refused(self):
        group = self.env.ref("ecom_base.group_warehouse_operator")
        with self.assertRaises(ValidationError):
            self.Gate.create({"name": "bad", "model": "res.partner",
                              "methods": "@everything",
                              "group_ids": [(6, 0, group.ids)]})
        with self.assertRaises(ValidationError):
            self.Gate.create({"name": "private", "model": "res.partner",
                              "methods": "_read_from_database",
                              "group_ids": [(6, 0, group.ids)]})

    def test_only_administrators_and_the_privacy_officer_read_allow_lists(self):
        officer = self.env.ref("ecom_base.user_privacy_officer_demo")
        listing = self.Gate.sudo(officer).allowed_calls(self.operator.id)
        self.assertTrue(listing["gated"])
        self.assertIn(["stock.picking", "read"], listing["methods"])
        with self.assertRaises(AccessError):
            self.Gate.sudo(self.operator).allowed_calls(self.operator.id)
        with self.assertRaises(AccessError):
            self.env["ecom.gate.denial"].sudo(self.operator).search([])
