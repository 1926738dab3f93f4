"""The roles' implications and menu visibility, checked in the ORM as each role."""
from odoo.tests.common import SavepointCase

ROLES = [
    "group_warehouse_operator",
    "group_warehouse_manager",
    "group_customer_service",
    "group_customer_service_manager",
    "group_purchase_planner",
    "group_privacy_officer",
    "group_integration",
]


class TestRoles(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       no_reset_password=True))
        cls.users = {}
        for role in ROLES:
            groups = cls.env.ref("ecom_base.%s" % role)
            if role != "group_integration":
                groups |= cls.env.ref("base.group_user")
            cls.users[role] = cls.env["res.users"].create({
                "name": "Test %s" % role,
                "login": "test_%s" % role,
                "groups_id": [(6, 0, groups.ids)],
            })

    def _has(self, role, group_xmlid):
        return self.users[role].sudo(self.users[role]).has_group(group_xmlid)

    def test_implied_groups(self):
        operator = "group_warehouse_operator"
        self.assertTrue(self._has(operator, "stock.group_stock_user"))
        self.assertFalse(self._has(operator, "stock.group_stock_manager"))
        manager = "group_warehouse_manager"
        self.assertTrue(self._has(manager, "stock.group_stock_manager"))
        self.assertTrue(
            self._has("group_warehouse_manager", "ecom_base.group_warehouse_operator"))
        self.assertTrue(
            self._has("group_customer_service", "sales_team.group_sale_salesman"))
        self.assertFalse(
            self._has("group_customer_service", "stock.group_stock_user"))
        self.assertTrue(self._has("group_customer_service_manager",
                                  "ecom_base.group_customer_service"))
        self.assertTrue(
            self._has("group_purchase_planner", "purchase.group_purchase_user"))
        self.assertFalse(
            self._has("group_privacy_officer", "sales_team.group_sale_salesman"))

    def test_integration_role_is_api_only(self):
        """The API role grants nothing by itself: no internal user, no partners."""
        group = self.env.ref("ecom_base.group_integration")
        self.assertFalse(group.implied_ids)
        user = self.users["group_integration"]
        self.assertFalse(user.has_group("base.group_user"))
        partners = self.env["res.partner"].sudo(user)
        self.assertFalse(partners.check_access_rights("read", raise_exception=False))

    def test_category(self):
        category = self.env.ref("base.module_category_e-commerce_operations")
        self.assertEqual(category.name, "E-commerce Operations")
        for role in ROLES:
            self.assertEqual(self.env.ref("ecom_base.%s" % role).category_id, category)

    def test_menu_visible_to_staff_roles_only(self):
        root = self.env.ref("ecom_base.menu_root")
        for role, user in self.users.items():
            menus = self.env["ir.ui.menu"].sudo(user)
            # The API-only role may not even read menus (not an employee).
            visible = menus.check_access_rights("read", raise_exception=False) and (
                root.id in menus._visible_menu_ids())
            expected = role != "group_integration"
            self.assertEqual(bool(visible), expected, role)

    def test_overview_lists_own_roles_for_every_role(self):
        """The landing page opens for each role, also without stock rights."""
        for role, user in self.users.items():
            if role == "group_integration":
                continue
            overview = self.env["ecom.overview"].sudo(user).create({})
            group = self.env.ref("ecom_base.%s" % role)
            self.assertIn(group.name, overview.roles_html, role)
            self.assertEqual(overview.user_id, user)
        operator = self.users["group_warehouse_operator"]
        overviews = self.env["ecom.overview"].sudo(operator)
        self.assertNotIn("Privacy Officer", overviews.create({}).roles_html)

    def test_demo_users_hold_their_role(self):
        for role in ROLES:
            xmlid = "ecom_base.user_%s_demo" % role[len("group_"):]
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if user is None:  # database installed without demo data
                continue
            self.assertTrue(user.has_group("ecom_base.%s" % role), xmlid)
