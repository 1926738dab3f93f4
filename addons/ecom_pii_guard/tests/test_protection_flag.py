"""Who is a protected customer is data the restricted roles cannot change."""
from odoo.exceptions import AccessError

from .common import CANARY, PiiCase, canaries_in

READ = ["name", "display_name", "email", "phone", "street", "vat", "zip", "city",
        "parent_name", "contact_address"]


class TestProtectionFlag(PiiCase):
    def _read_as(self, role, partner):
        return self.as_role(role, "res.partner").browse(partner.id).read(READ)

    def _protection_logs(self, partner):
        return self.env["ecom.pii.access.log"].search(
            [("kind", "=", "protection"), ("partner_id", "=", partner.id)])

    def test_vendor_flags_do_not_unprotect(self):
        # the warehouse manager may edit partners (stock manager rights):
        # it flags the customer as a vendor bought through no channel
        partner = self.as_role("warehouse_manager", "res.partner").browse(
            self.customer.id)
        partner.write({"supplier": True, "customer": False,
                       "ecom_channel_id": False})
        self.assertEqual(canaries_in(self._read_as("warehouse_manager",
                                                   self.customer)), [])
        self.assertTrue(self.customer.ecom_pii_protected)

    def test_parent_set_to_vendor_does_not_unprotect(self):
        partner = self.as_role("warehouse_manager", "res.partner").browse(
            self.customer.id)
        partner.write({"parent_id": self.vendor.id})
        for role in ("warehouse_manager", "purchase_planner"):
            self.assertEqual(canaries_in(self._read_as(role, self.customer)), [])
            self.assertEqual(canaries_in(self._read_as(role, self.delivery_contact)),
                             [])

    def test_vendor_moved_under_customer_stays_protected(self):
        # a vendor entered by the warehouse manager is not protected...
        planner = self.as_role("warehouse_manager", "res.partner")
        spy = planner.create({"name": "Spy Vendor", "supplier": True,
                              "customer": False})
        self.assertEqual(self._read_as("warehouse_manager", spy)[0]["name"],
                         "Spy Vendor")
        # ...but once under the customer, core copies the customer's address
        # and VAT into it: protected, and it stays so when moved back
        spy.write({"parent_id": self.customer.id, "type": "contact"})
        self.assertEqual(canaries_in(self._read_as("warehouse_manager", spy)), [])
        spy.write({"parent_id": self.vendor.id})
        self.assertEqual(canaries_in(self._read_as("warehouse_manager", spy)), [])
        self.assertTrue(spy.sudo().ecom_pii_protected)
        self.assertEqual(len(self._protection_logs(spy)), 1)

    def test_restricted_roles_cannot_write_the_flag(self):
        for role in ("warehouse_manager", "purchase_planner", "customer_service"):
            partners = self.as_role(role, "res.partner")
            with self.assertRaisesRegex(AccessError, "ecom_pii_protected"):
                partners.browse(self.customer.id).write(
                    {"ecom_pii_protected": False})
            with self.assertRaisesRegex(AccessError, "ecom_pii_protected"):
                partners.create({"name": "Another %s" % role,
                                 "ecom_pii_protected": False})
        self.assertTrue(self.customer.ecom_pii_protected)

    def test_change_by_privacy_officer_is_logged(self):
        officer = self.as_role("privacy_officer", "res.partner").browse(
            self.vendor.id)
        officer.ecom_pii_set_protection(True)
        officer.ecom_pii_set_protection(False)
        logs = self._protection_logs(self.vendor)
        self.assertEqual(sorted(logs.mapped("note")),
                         ["off: set by hand", "on: set by hand"])
        self.assertEqual(logs.mapped("user_id"), self.users["privacy_officer"])
        # nothing changed, nothing logged
        officer.ecom_pii_set_protection(False)
        self.assertEqual(len(self._protection_logs(self.vendor)), 2)
        for role in ("warehouse_manager", "customer_service"):
            with self.assertRaisesRegex(AccessError, "ecom_pii_protected"):
                self.as_role(role, "res.partner").browse(
                    self.customer.id).ecom_pii_set_protection(False)

    def test_portal_customer_is_protected(self):
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "login": CANARY["email"], "partner_id": self.customer.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        self.assertEqual(canaries_in(self._read_as("warehouse_operator",
                                                   self.customer)), [])
        users = self.as_role("warehouse_operator", "res.users")
        for read in (lambda: users.browse(portal.id).read(
                         ["name", "login", "email", "partner_id"]),
                     lambda: users.browse(portal.id).name_get()):
            try:
                answer = read()
            except AccessError:  # a record rule on users may refuse outright
                continue
            self.assertEqual(canaries_in(answer), [])
        self.assertFalse(users.search([("name", "ilike", "Zhangxiaosan")]))
        self.assertFalse(users.search([("login", "=", CANARY["email"])]))

    def test_internal_users_and_vendors_are_not_protected(self):
        operator = self.users["warehouse_operator"]
        rows = self.as_role("purchase_planner", "res.partner").browse(
            [operator.partner_id.id, self.vendor.id]).read(["name"])
        self.assertEqual([r["name"] for r in rows],
                         [operator.partner_id.name, "Vendor Steel Co"])

    def test_copy_of_a_customer_is_protected(self):
        partner = self.as_role("warehouse_manager", "res.partner").browse(
            self.customer.id)
        copy = partner.copy({"supplier": True, "customer": False})
        self.assertEqual(canaries_in(self._read_as("warehouse_manager", copy)), [])

    def test_backfill_on_install(self):
        # the rule the add-on applied before the flag was data, from the rows
        self.env.cr.execute("UPDATE res_partner SET ecom_pii_protected = NULL"
                            " WHERE id IN %s", ((self.customer.id, self.vendor.id),))
        self.env["res.partner"]._ecom_pii_backfill_protection()
        self.env["res.partner"].invalidate_cache(["ecom_pii_protected"])
        self.assertTrue(self.customer.ecom_pii_protected)
        self.assertFalse(self.vendor.ecom_pii_protected)
        company_partner = self.env.ref("base.main_partner")
        self.assertFalse(company_partner.ecom_pii_protected)
