"""Template rendering, mail, payments, portal tokens: run as the restricted roles.

Issue #11 point 2. Each test calls as the role what an attacker called, and
looks for the canary values (``common.CANARY``) or canary tokens in the answer.
``_rpc`` goes through ``odoo.api.call_kw``, the dispatcher of XML-RPC and
JSON-RPC, so the methods see a call "from a client".
"""
from odoo import api as odoo_api
from odoo.exceptions import AccessError, UserError

from .common import CANARY, PiiCase, canaries_in

HIDDEN_ROLES = ("warehouse_operator", "warehouse_manager", "purchase_planner",
                "integration")
RESTRICTED_ROLES = HIDDEN_ROLES + ("customer_service",)
SIGNUP_TOKEN = "CnrySignupTok7731"
ACCESS_TOKEN = "cnry-access-token-7731"


class RenderMailCase(PiiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.users["integration"] = env.ref("ecom_base.user_integration_demo")
        # masked level across all channels: the positive cases below do not
        # depend on channel scoping (tested with ecom_cs_scope)
        cls.users["cs_manager"] = env.ref(
            "ecom_base.user_customer_service_manager_demo")
        cls.model_partner = env.ref("base.model_res_partner")
        # a stored template, written by an administrator (this fixture's env)
        cls.template = env["mail.template"].create({
            "name": "PII test template", "model_id": cls.model_partner.id,
            "subject": "Hello ${object.name}",
            "body_html": "<p>Dear ${object.name}, we write to ${object.email}</p>",
        })
        cls.sudo_template = env["mail.template"].create({
            "name": "PII test template with sudo", "model_id": cls.model_partner.id,
            "subject": "x",
            "body_html": "<p>${object.sudo().email} ${object.env.user.name}</p>",
        })
        # an outgoing e-mail to the customer: a portal invitation
        cls.mail = env["mail.mail"].create({
            "subject": "Your account", "email_to": CANARY["email"],
            "recipient_ids": [(4, cls.customer.id)],
            "body_html": "<p>%s: /web/signup?token=%s</p>" % (
                CANARY["name"], SIGNUP_TOKEN),
        })
        acquirer = env["payment.acquirer"].search([], limit=1)
        cls.transaction = env["payment.transaction"].create({
            "acquirer_id": acquirer.id, "amount": 10.0,
            "currency_id": env.ref("base.main_company").currency_id.id,
            "reference": "PII-TX-7731", "partner_id": cls.customer.id,
            "partner_name": CANARY["name"], "partner_email": CANARY["email"],
            "partner_phone": CANARY["phone"], "partner_address": CANARY["street"],
            "partner_city": CANARY["city"], "partner_zip": CANARY["zip"],
            "partner_country_id": env.ref("base.cn").id,
        })
        web = env.ref("ecom_channel.channel_web_demo")  # cs_agent's channel
        cls.order = env["sale.order"].create({
            "partner_id": cls.customer.id, "access_token": ACCESS_TOKEN,
            "ecom_channel_id": web.id,
            "user_id": False})  # core: salesmen see their own and unassigned
        cls.order_template = env["mail.template"].create({
            "name": "PII order template",
            "model_id": env.ref("sale.model_sale_order").id,
            "subject": "Order ${object.name}",
            "body_html": "<p>${object.partner_id.name} ${object.partner_id.email}</p>",
        })

    def _rpc(self, role, model, method, *args, **kwargs):
        """Call ``method`` as ``role`` through Odoo's RPC dispatcher."""
        records = self.env[model].sudo(self.users[role])
        return odoo_api.call_kw(records, method, list(args), kwargs)

    def _attack_text(self):
        return ("${object.env['res.partner'].sudo().browse(%d).email}"
                % self.customer.id)

    # -- templates: caller-supplied text --------------------------------------

    def test_render_template_refused_below_administrator(self):
        for role in RESTRICTED_ROLES:
            user = self.users[role]
            with self.subTest(role=role):
                with self.assertRaises(AccessError) as caught:
                    self._rpc(role, "mail.template", "render_template",
                              self._attack_text(), "res.partner",
                              [user.partner_id.id])
                self.assertIn("render_template", str(caught.exception))
                # in-process too (a method an administrator granted, a server action)
                with self.assertRaises(AccessError):
                    self.env["mail.template"].sudo(user).render_template(
                        self._attack_text(), "res.partner", [user.partner_id.id])

    def test_render_template_for_administrators(self):
        admin = self.env["res.users"].create({
            "name": "Second administrator", "login": "admin7731",
            "groups_id": [(6, 0, [self.env.ref("base.group_system").id,
                                  self.env.ref("base.group_user").id])]})
        result = self.env["mail.template"].sudo(admin).render_template(
            "${object.email}", "res.partner", [self.customer.id])
        self.assertEqual(result[self.customer.id], CANARY["email"])

    def test_plain_text_renders_as_itself(self):
        user = self.users["warehouse_operator"]
        self.assertEqual(self.env["mail.template"].sudo(user).render_template(
            "Hello 100% plain", "res.partner", [user.partner_id.id]),
            {user.partner_id.id: "Hello 100% plain"})

    def test_composer_render_template_refused(self):
        with self.assertRaises(AccessError):
            self._rpc("customer_service", "mail.compose.message", "render_template",
                      self._attack_text(), "res.partner", [self.customer.id])

    def test_rendering_entry_points_refused_over_rpc(self):
        calls = [
            ("mail.template", "generate_email", [self.template.id],
             [self.customer.id]),
            ("mail.template", "get_email_template", [self.template.id],
             [self.customer.id]),
            ("mail.compose.message", "generate_email_for_composer",
             self.template.id, [self.customer.id]),
            ("ir.qweb", "render", "web.login_layout", {}),
            ("ir.ui.view", "render_template", "web.login_layout", {}),
            ("ir.actions.report", "render_template", [], "web.login_layout", {}),
            ("ir.actions.report", "render_qweb_html",
             self.env.ref("stock.action_report_delivery").ids, [self.delivery.id]),
        ]
        for role in ("customer_service", "warehouse_operator"):
            for model, method, *args in calls:
                with self.subTest(role=role, method=method):
                    with self.assertRaises(AccessError):
                        self._rpc(role, model, method, *args)

    def test_composer_mass_mail_with_own_text_refused(self):
        composer = self.env["mail.compose.message"].sudo(
            self.users["cs_manager"]).with_context(
                active_ids=self.order.ids).create({
                    "composition_mode": "mass_mail", "model": "sale.order",
                    "res_id": self.order.id, "subject": "x",
                    "body": self._attack_text()})
        with self.assertRaises(AccessError):
            composer.send_mail()

    # -- templates: stored ones keep working, in the strict sandbox -----------

    def test_stored_template_renders_for_customer_service(self):
        values = self.template.sudo(self.users["customer_service"]).generate_email(
            self.customer.id, fields=["subject", "body_html"])
        self.assertIn(CANARY["name"], values["subject"])  # names: customer service
        self.assertNotIn(CANARY["email"], values["body_html"])  # masked
        self.assertIn("@example.com", values["body_html"])

    def test_stored_template_cannot_reach_sudo_or_env(self):
        for role in ("customer_service", "warehouse_operator"):
            with self.subTest(role=role):
                with self.assertRaises(UserError) as caught:
                    self.sudo_template.sudo(self.users[role]).generate_email(
                        self.customer.id, fields=["body_html"])
                self.assertFalse(canaries_in(caught.exception))
                self.assertIn("unsafe", str(caught.exception))

    def test_composer_with_unchanged_template_sends(self):
        cs = self.users["cs_manager"]
        template = self.order_template
        composer = self.env["mail.compose.message"].sudo(cs).with_context(
            active_ids=self.order.ids).create({
                "composition_mode": "mass_mail", "model": "sale.order",
                "res_id": self.order.id, "template_id": template.id,
                "subject": template.subject, "body": template.body_html})
        values = composer.render_message(self.order.ids)[self.order.id]
        self.assertIn(self.order.name, values["subject"])
        self.assertIn(CANARY["name"], values["body"])  # names: customer service
        self.assertNotIn(CANARY["email"], values["body"])  # masked
        # the same composer with one word changed is refused
        composer.body = template.body_html + "${object.partner_id.phone}"
        with self.assertRaises(AccessError):
            composer.render_message(self.order.ids)

    def test_quotation_email_as_salesman(self):
        # the sale template (stored) uses with_context and the portal link
        cs = self.users["cs_manager"]
        template = self.env.ref("sale.email_template_edi_sale")
        values = template.sudo(cs).generate_email(
            self.order.id, fields=["subject", "body_html"])
        self.assertIn(self.order.name, values["subject"])

    def test_templates_written_by_administrators_only(self):
        for role in ("customer_service", "warehouse_operator"):
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.template.sudo(self.users[role]).write(
                        {"body_html": self._attack_text()})
                with self.assertRaises(AccessError):
                    self.env["mail.template"].sudo(self.users[role]).create({
                        "name": "x", "model_id": self.model_partner.id,
                        "body_html": self._attack_text()})

    # -- mail.mail, notifications, tracking ------------------------------------

    def test_mail_mail_out_of_reach(self):
        for role in RESTRICTED_ROLES:
            with self.subTest(role=role):
                mails = self.env["mail.mail"].sudo(self.users[role])
                rows = mails.search_read([], ["body_html", "email_to", "subject"])
                self.assertFalse(canaries_in(rows))
                self.assertNotIn(SIGNUP_TOKEN, str(rows))
                with self.assertRaises(AccessError):
                    mails.browse(self.mail.id).read(["body_html"])

    def test_mail_mail_own_for_customer_service(self):
        cs = self.users["customer_service"]
        own = self.env["mail.mail"].sudo(cs).create(
            {"subject": "own mail", "body_html": "<p>hi</p>", "email_to": "x@y.cn"})
        found = self.env["mail.mail"].sudo(cs).search(
            [("id", "in", (own | self.mail).ids)])
        self.assertEqual(found, own)

    def test_mail_notification_own_only(self):
        message = self.delivery.message_post(
            body="to the customer", partner_ids=[self.customer.id])
        notif = self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id)])
        self.assertTrue(notif)
        for role in RESTRICTED_ROLES:
            if role == "integration":
                continue  # no access right at all (not an internal user)
            with self.subTest(role=role):
                self.assertFalse(self.env["mail.notification"].sudo(
                    self.users[role]).search([("id", "in", notif.ids)]))

    def test_tracking_values_unreadable(self):
        for role in RESTRICTED_ROLES:
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.env["mail.tracking.value"].sudo(self.users[role]).search([])

    # -- payments ----------------------------------------------------------------

    def test_payment_transaction_out_of_reach(self):
        for role in RESTRICTED_ROLES:
            with self.subTest(role=role):
                txs = self.env["payment.transaction"].sudo(self.users[role])
                rows = txs.search_read([("reference", "=", "PII-TX-7731")])
                self.assertFalse(rows)
                with self.assertRaises(AccessError):
                    txs.browse(self.transaction.id).read(["partner_email"])

    def test_payment_transaction_for_administrators(self):
        admin = self.env.ref("base.user_root")
        self.assertTrue(self.env["base"].sudo(admin).user_has_groups(
            "base.group_system"))
        txs = self.env["payment.transaction"].sudo(admin)
        self.assertEqual(txs.search([("reference", "=", "PII-TX-7731")]).ids,
                         self.transaction.ids)

    # -- portal tokens -----------------------------------------------------------

    def test_access_token_hidden(self):
        for role in ("warehouse_operator", "warehouse_manager"):
            orders = self.env["sale.order"].sudo(self.users[role])
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    orders.browse(self.order.id).read(["access_token"])
                # read() without a field list leaves it out
                self.assertNotIn("access_token",
                                 orders.check_field_access_rights("read", None))
                with self.assertRaises(AccessError):
                    orders.search([("access_token", "like", "cnry%")])
                with self.assertRaises(AccessError):
                    orders.search([], order="access_token")
                with self.assertRaises(AccessError):
                    self._rpc(role, "sale.order", "get_mail_url", self.order.ids)

    def test_share_url_not_over_rpc_for_customer_service(self):
        with self.assertRaises(AccessError):
            self._rpc("customer_service", "sale.order", "get_share_url",
                      self.order.ids)

    def test_signup_tokens_not_for_restricted_roles(self):
        for role in ("customer_service", "warehouse_operator"):
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self._rpc(role, "res.partner", "signup_get_auth_param",
                              self.customer.ids)
                with self.assertRaises(AccessError):
                    self._rpc(role, "res.partner", "signup_prepare",
                              self.customer.ids)

    def test_strict_sandbox_blocks_signup_url(self):
        template = self.env["mail.template"].create({
            "name": "signup", "model_id": self.model_partner.id,
            "body_html": "${object.signup_url}"})
        with self.assertRaises(UserError) as caught:
            template.sudo(self.users["customer_service"]).generate_email(
                self.customer.id, fields=["body_html"])
        self.assertIn("signup_url", str(caught.exception))

    # -- wizards that copy customer data ------------------------------------------

    def test_portal_wizard_refused(self):
        for role in RESTRICTED_ROLES:
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.env["portal.wizard"].sudo(self.users[role]).with_context(
                        active_ids=self.customer.ids).create({})

    def test_invite_wizard_refused_to_hidden_roles(self):
        for role in HIDDEN_ROLES:
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.env["mail.wizard.invite"].sudo(self.users[role]).create({
                        "res_model": "stock.picking", "res_id": self.delivery.id,
                        "partner_ids": [(6, 0, self.customer.ids)]})
