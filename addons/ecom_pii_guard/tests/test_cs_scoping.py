"""Customer service sees buyers only of its channels, through every record
that names or identifies one (issue #11, point 5); run as the demo agent,
who is assigned to WEB and TMALL, never to JD.
"""
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

#: Unique parts of the JD buyers' names: found anywhere the agent looks = leak.
JD_CANARIES = ("Jdbuyerscope", "Staffjdscope")


def _order(ref, name, consent=False):
    payload = {
        "external_ref": ref, "ordered_at": "2026-11-20 08:30:00", "currency": "CNY",
        "paid": True,
        "customer": {"external_id": "ext-" + ref, "name": name,
                     "email": "%s@example.com" % ref.lower(), "phone": False},
        "shipping": {"name": name, "phone": "13800138000", "street": "1 Road",
                     "street2": "", "city": "Shanghai", "state": "", "zip": "200000",
                     "country_code": "CN"},
        "lines": [{"sku": "TEA-LJ-250", "qty": 1, "price_unit": 118.0}],
    }
    if consent:
        payload["consent"] = {"version": "v-scope",
                              "accepted_at": "2026-11-20 08:29:00"}
    return payload


class TestCustomerServiceScope(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, mail_notrack=True,
            no_reset_password=True))
        cls.agent = env.ref("ecom_base.user_customer_service_demo")
        cls.manager = env.ref("ecom_base.user_customer_service_manager_demo")
        cls.web = env.ref("ecom_channel.channel_web_demo")
        cls.jd = env.ref("ecom_channel.channel_jd_demo")
        api = env["ecom.channel"].sudo(env.ref("ecom_base.user_integration_demo"))
        # JD: a batch of two (set-based intake) with a consent; WEB: one order
        # (order by order through core)
        rows = api.import_orders("JD", [
            _order("JDS-1", "Jdbuyerscope One", consent=True),
            _order("JDS-2", "Jdbuyerscope Two")])
        rows += api.import_orders("WEB", [_order("WBS-1", "Webbuyerscope One")])
        assert all(row["status"] == "created" for row in rows), rows
        Order = env["sale.order"]
        cls.jd_orders = Order.browse([row["order_id"] for row in rows[:2]])
        cls.web_order = Order.browse(rows[2]["order_id"])
        cls.jd_buyers = cls.jd_orders.mapped("partner_id")
        cls.web_buyer = cls.web_order.partner_id
        # staff-entered customers (no channel): one ordered only in JD, one in
        # WEB and JD, one never ordered
        Partner = env["res.partner"]
        cls.staff_jd = Partner.create({"name": "Staffjdscope Li", "customer": True,
                                       "phone": "13900001111"})
        cls.staff_jd_contact = Partner.create({
            "name": "Staffjdscope Contact", "parent_id": cls.staff_jd.id,
            "type": "delivery", "street": "9 Jd Road"})
        cls.staff_both = Partner.create({"name": "Staffbothscope Wang",
                                         "customer": True, "phone": "13900002222"})
        cls.staff_none = Partner.create({"name": "Staffnonescope Zhao",
                                         "customer": True})
        cls.product = env["product.product"].create({
            "name": "Scope widget", "type": "consu", "invoice_policy": "order",
            "list_price": 10.0})
        cls.staff_jd_order = cls._staff_order(cls.staff_jd, cls.jd)
        cls.staff_both_orders = cls._staff_order(cls.staff_both, cls.web) | \
            cls._staff_order(cls.staff_both, cls.jd)
        cls.jd_orders[0].message_post(body="Jdbuyerscope asked for a gift box",
                                      author_id=cls.jd_buyers[0].id)
        cls.web_order.message_post(body="Webbuyerscope asked for a gift box",
                                   author_id=cls.web_buyer.id)
        env["mail.activity"].create({
            "res_model_id": env.ref("base.model_res_partner").id,
            "res_id": cls.staff_jd.id, "summary": "call back",
            "activity_type_id": env.ref("mail.mail_activity_data_call").id,
            "user_id": cls.manager.id})
        cls.jd_partners = cls.jd_buyers | cls.jd_buyers.mapped("child_ids") | \
            cls.staff_jd | cls.staff_jd_contact

    @classmethod
    def _staff_order(cls, partner, channel):
        order = cls.env["sale.order"].create({
            "partner_id": partner.id, "ecom_channel_id": channel.id,
            "user_id": False,   # core's salesman rule: own or unassigned orders
            "order_line": [(0, 0, {"product_id": cls.product.id,
                                   "product_uom_qty": 1})]})
        order.action_confirm()
        order.action_invoice_create()
        return order

    def as_agent(self, model):
        return self.env[model].sudo(self.agent).with_context(active_test=False)

    # -- the relation: channels a customer ordered in ----------------------

    def test_order_channels_kept_for_every_order_path(self):
        self.assertEqual(self.staff_jd.ecom_order_channel_ids, self.jd)
        self.assertEqual(self.staff_jd_contact.ecom_order_channel_ids, self.jd)
        self.assertEqual(self.staff_both.ecom_order_channel_ids, self.web | self.jd)
        self.assertFalse(self.staff_none.ecom_order_channel_ids)
        for buyer in self.jd_buyers:   # stored by the set-based intake
            self.assertEqual(buyer.ecom_order_channel_ids, self.jd)
        self.assertEqual(self.web_buyer.ecom_order_channel_ids, self.web)
        found = self.env["res.partner"].search(
            [("ecom_order_channel_ids", "in", self.jd.ids),
             ("id", "in", (self.staff_jd | self.staff_both | self.staff_none).ids)])
        self.assertEqual(found, self.staff_jd | self.staff_both)

    def test_order_channels_equal_a_full_recount(self):
        # what the triggers kept equals what the install-time fill computes
        cr = self.env.cr
        cr.execute("SELECT partner_id, channel_id FROM ecom_partner_order_channel")
        kept = set(cr.fetchall())
        from odoo.addons.ecom_channel.models.res_partner import ORDER_CHANNEL_FILL
        cr.execute("DELETE FROM ecom_partner_order_channel")
        cr.execute(ORDER_CHANNEL_FILL)
        cr.execute("SELECT partner_id, channel_id FROM ecom_partner_order_channel")
        self.assertEqual(set(cr.fetchall()), kept)
        self.assertIn((self.staff_jd.id, self.jd.id), kept)

    def test_order_channels_follow_a_change_of_customer_or_channel(self):
        self.staff_jd_order.partner_id = self.staff_none
        self.staff_jd.invalidate_cache()
        self.assertFalse(self.staff_jd.ecom_order_channel_ids)
        self.assertEqual(self.staff_none.ecom_order_channel_ids, self.jd)
        self.staff_jd_order.ecom_channel_id = self.web
        self.staff_none.invalidate_cache()
        self.assertEqual(self.staff_none.ecom_order_channel_ids, self.web)

    # -- what the agent sees -----------------------------------------------

    def test_partners(self):
        Partner = self.as_agent("res.partner")
        asked = self.jd_partners | self.web_buyer | self.staff_both | self.staff_none
        visible = Partner.search([("id", "in", asked.ids)])
        self.assertEqual(visible, self.web_buyer | self.staff_both | self.staff_none)
        with self.assertRaises(AccessError):
            Partner.browse(self.staff_jd.id).read(["name"])
        self.assertFalse(Partner.name_search("Staffjdscope"))
        self.assertFalse(Partner.read_group(
            [("id", "in", self.jd_partners.ids)], ["name"], ["name"]))

    def test_reveal_follows_the_scope(self):
        Partner = self.as_agent("res.partner")
        for partner in (self.staff_jd, self.staff_jd_contact, self.jd_buyers[0]):
            with self.assertRaises(AccessError):
                Partner.browse(partner.id).ecom_pii_reveal(
                    "phone", "delivery_problem", "case 1")
        answer = Partner.browse(self.staff_both.id).ecom_pii_reveal(
            "phone", "delivery_problem", "case 2")
        self.assertEqual(answer["value"], "13900002222")

    def test_documents_and_lines(self):
        jd_orders = self.jd_orders | self.staff_jd_order | self.staff_both_orders[1]
        web_orders = self.web_order | self.staff_both_orders[0]
        checks = {
            "sale.order": ("id", jd_orders, web_orders),
            "sale.order.line": ("order_id", jd_orders, web_orders),
            "sale.report": ("name", jd_orders, web_orders),
            "account.invoice": ("id", jd_orders.mapped("invoice_ids"),
                                web_orders.mapped("invoice_ids")),
            "account.invoice.line": ("invoice_id", jd_orders.mapped("invoice_ids"),
                                     web_orders.mapped("invoice_ids")),
            "stock.picking": ("id", jd_orders.mapped("picking_ids"),
                              web_orders.mapped("picking_ids")),
            "stock.move": ("picking_id", jd_orders.mapped("picking_ids"),
                           web_orders.mapped("picking_ids")),
            "stock.move.line": ("picking_id", jd_orders.mapped("picking_ids"),
                                web_orders.mapped("picking_ids")),
            "procurement.group": ("sale_id", jd_orders, web_orders),
            "ecom.pii.consent": ("order_id", self.jd_orders, self.env["sale.order"]),
        }
        for model, (field, hidden, shown) in checks.items():
            self.assertTrue(hidden, model)
            # sale.report has the order's reference, not its id
            key = (lambda records: records.mapped("name")) if field == "name" \
                else (lambda records: records.ids)
            Model = self.as_agent(model)
            self.assertEqual(Model.search_count([(field, "in", key(hidden))]), 0,
                             "%s of JD orders visible" % model)
            if shown:
                self.assertTrue(Model.search_count([(field, "in", key(shown))]),
                                "%s of WEB orders hidden" % model)
            group = "partner_id" if field in ("id", "name") else field
            self.assertFalse(Model.read_group(
                [(field, "in", key(hidden))], [group], [group]), model)

    def test_chatter_followers_activities(self):
        Message = self.as_agent("mail.message")
        self.assertFalse(Message.search([("model", "=", "sale.order"),
                                         ("res_id", "in", self.jd_orders.ids)]))
        self.assertFalse(Message.search([("author_id", "in", self.jd_partners.ids)]))
        self.assertFalse(Message.read_group(
            [("author_id", "in", self.jd_partners.ids)], ["author_id"], ["author_id"]))
        self.assertTrue(Message.search([("model", "=", "sale.order"),
                                        ("res_id", "=", self.web_order.id)]))
        Followers = self.as_agent("mail.followers")
        self.assertFalse(Followers.search([("partner_id", "in", self.jd_partners.ids)]))
        self.assertFalse(Followers.search([("res_model", "=", "sale.order"),
                                           ("res_id", "in", self.jd_orders.ids)]))
        self.assertTrue(Followers.search([("partner_id", "=", self.web_buyer.id)]))
        Activity = self.as_agent("mail.activity")
        self.assertFalse(Activity.search([("res_model", "=", "res.partner"),
                                          ("res_id", "=", self.staff_jd.id)]))

    def test_nothing_names_a_jd_buyer(self):
        """Every model the agent may read that points at a partner: no row
        points at a JD buyer, and no group label of read_group names one."""
        agent_env = self.env(user=self.agent.id)
        checked = []
        for name, Model in sorted(self.env.items()):
            if Model._abstract or Model._transient or not Model._auto and \
                    name != "sale.report":
                continue
            if not agent_env[name].check_access_rights("read",
                                                       raise_exception=False):
                continue
            for fname, field in sorted(Model._fields.items()):
                if field.type != "many2one" or field.comodel_name != "res.partner" \
                        or not field.store:
                    continue
                checked.append((name, fname))
                records = agent_env[name].with_context(active_test=False)
                found = records.search_count([(fname, "in", self.jd_partners.ids)])
                self.assertEqual(found, 0, "%s.%s names a JD buyer" % (name, fname))
                groups = records.read_group([], [fname], [fname])
                self.assertFalse([canary for canary in JD_CANARIES
                                  if canary in str(groups)],
                                 "%s grouped by %s" % (name, fname))
        self.assertIn(("sale.order.line", "order_partner_id"), checked)
        self.assertIn(("mail.followers", "partner_id"), checked)

    def test_scope_follows_the_assignment_at_once(self):
        Partner = self.as_agent("res.partner")
        self.assertFalse(Partner.search([("id", "=", self.staff_jd.id)]))
        self.jd.customer_service_user_ids = [(4, self.agent.id)]
        self.assertTrue(Partner.search([("id", "=", self.staff_jd.id)]))
        self.assertTrue(self.as_agent("sale.order.line").search(
            [("order_id", "=", self.staff_jd_order.id)]))

    def test_manager_sees_every_channel(self):
        Partner = self.env["res.partner"].sudo(self.manager)
        self.assertEqual(Partner.search([("id", "in", self.jd_partners.ids)]),
                         self.jd_partners)
        self.assertTrue(self.env["sale.order.line"].sudo(self.manager).search(
            [("order_id", "in", self.jd_orders.ids)]))
