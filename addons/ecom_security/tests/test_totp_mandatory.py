"""Mandatory second factor per role, enrolment wizard, password policy."""
from odoo.exceptions import AccessDenied, AccessError

from odoo.addons.ecom_security.exceptions import TotpEnrolmentNeeded
from odoo.addons.password_security.exceptions import PassError

from .common import SecurityCase


class TestTotpMandatory(SecurityCase):

    @classmethod
    def setUpClass(cls):
        super(TestTotpMandatory, cls).setUpClass()
        cls.role = cls.env["res.groups"].create({
            "name": "Sees customers (test)",
            "implied_ids": [(4, cls.cs_group.id)],
        })
        cls.agent = cls._create_user("h5_agent_unit", cls.role)
        cls.other = cls._create_user("h5_other_unit", cls.cs_group)

    def _check(self, user, password):
        return self.env["res.users"].sudo(user).check_credentials(password)

    def test_off_by_default_in_demo(self):
        flagged = self.env["res.groups"].search([("ecom_totp_mandatory", "=", True)])
        self.assertFalse(flagged, "demo/test databases must not force 2FA")
        self._check(self.agent, "h5_agent_unit")  # no exception

    def test_mandatory_role_without_authenticator_must_enrol(self):
        self.role.ecom_totp_mandatory = True
        with self.assertRaises(TotpEnrolmentNeeded):
            self._check(self.agent, "h5_agent_unit")
        # the role's flag reaches only its members
        self._check(self.other, "h5_other_unit")

    def test_wrong_password_is_a_plain_refusal(self):
        self.role.ecom_totp_mandatory = True
        with self.assertRaises(AccessDenied) as caught:
            self._check(self.agent, "wrong")
        self.assertNotIsInstance(caught.exception, TotpEnrolmentNeeded)

    def test_implied_role_counts(self):
        # flag on customer service, held through the implied role
        self.cs_group.ecom_totp_mandatory = True
        with self.assertRaises(TotpEnrolmentNeeded):
            self._check(self.agent, "h5_agent_unit")

    def _wizard(self, user, for_user=None):
        # the OCA wizard takes its default user from the context (the web
        # client sends uid there)
        wizard_model = self.env["res.users.authenticator.create"].sudo(
            user).with_context(uid=user.id)
        vals = {"name": "phone", "confirmation_code": "000000"}
        if for_user:
            vals["user_id"] = for_user.id
        return wizard_model.create(vals)

    def test_wizard_switches_mfa_on_for_oneself(self):
        wizard = self._wizard(self.agent)
        self.assertEqual(wizard.user_id, self.agent)
        self.assertNotIn("/report/barcode", wizard.qr_code_tag)
        self.assertIn("data:image/png;base64,", wizard.qr_code_tag)
        wizard._create_authenticator()
        self.assertTrue(self.agent.mfa_enabled)
        self.assertEqual(len(self.agent.authenticator_ids), 1)

    def test_device_cookie_key_is_for_administrators(self):
        self.agent.sudo().write({"authenticator_ids": [(0, 0, {
            "name": "phone", "secret_key": "JBSWY3DPEHPK3PXP"})],
            "mfa_enabled": True})
        self.env.clear()
        as_colleague = self.agent.sudo(self.other)
        with self.assertRaises(AccessError):
            as_colleague.read(["trusted_device_cookie_key"])
        self.assertTrue(self.agent.trusted_device_cookie_key)  # administrator
        # the login check of the user himself still reads it
        self.env.clear()
        as_self = self.env["res.users"].sudo(self.agent)
        as_self._ecom_load_device_key()
        self.assertEqual(as_self.env.user.trusted_device_cookie_key,
                         self.agent.trusted_device_cookie_key)

    def test_wizard_refuses_another_user(self):
        wizard = self._wizard(self.agent, for_user=self.other)
        with self.assertRaises(AccessError):
            wizard._create_authenticator()
        self.assertFalse(self.other.sudo().authenticator_ids)
        self.assertFalse(self.other.mfa_enabled)

    def test_password_policy_on_change_only(self):
        with self.assertRaises(PassError):
            self.agent.write({"password": "short"})
        self.agent.write({"password": "Long-enough-1"})
        self._check(self.agent, "Long-enough-1")
        # module data (demo users reloaded by an upgrade) is not held to it
        self.agent.with_context(install_mode=True).write({"password": "h5"})
        self._check(self.agent, "h5")
        # demo passwords set before the policy keep working
        cs_agent = self.env.ref("ecom_base.user_customer_service_demo",
                                raise_if_not_found=False)
        if cs_agent:
            self._check(cs_agent, "cs_agent")
