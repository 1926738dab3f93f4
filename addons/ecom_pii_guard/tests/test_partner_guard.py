"""Warehouse roles reach no customer data through the ORM (run as those roles)."""
from odoo.exceptions import AccessError

from .common import CANARY, PiiCase, canaries_in

HOSTILE = [
    {},
    {"show_address": True},
    {"show_email": True},
    {"address_inline": True, "show_address": True},
    {"show_address_only": True},
]


PARTNER_FIELDS = [
    "name", "display_name", "email", "phone", "mobile", "street", "street2", "zip",
    "city", "vat", "contact_address", "parent_name", "commercial_company_name",
    "email_formatted", "comment", "function", "website", "ref", "child_ids",
    "parent_id", "commercial_partner_id",
]


class TestPartnerGuard(PiiCase):
    def test_partner_read_is_masked(self):
        for role in ("warehouse_operator", "warehouse_manager", "purchase_planner"):
            partners = self.as_role(role, "res.partner")
            for ctx in HOSTILE:
                rows = partners.with_context(**ctx).browse(
                    [self.customer.id, self.delivery_contact.id]).read(PARTNER_FIELDS)
                self.assertEqual(canaries_in(rows), [], (role, ctx))
                self.assertEqual(rows[0]["name"][0], "C")
            record = partners.browse(self.customer.id)
            self.assertEqual(canaries_in([record.name, record.email, record.phone,
                                          record.street, record.display_name,
                                          record.contact_address]), [])

    def test_vendor_stays_readable_for_receipts(self):
        vendor = self.as_role("warehouse_operator", "res.partner").browse(
            self.vendor.id)
        self.assertEqual(vendor.read(["name"])[0]["name"], "Vendor Steel Co")
        self.assertEqual(vendor.name_get()[0][1], "Vendor Steel Co")

    def test_name_get_and_picking_labels(self):
        picking = self.as_role("warehouse_operator", "stock.picking").browse(
            self.delivery.id)
        for ctx in HOSTILE:
            row = picking.with_context(**ctx).read(["partner_id", "move_lines"])[0]
            self.assertEqual(canaries_in(row), [], ctx)
            label = row["partner_id"][1]
            self.assertTrue(label.endswith(" · SO-CANARY-1"), label)
            moves = picking.env["stock.move"].with_context(**ctx).browse(
                row["move_lines"]).read(["partner_id"])
            self.assertEqual(canaries_in(moves), [], ctx)
            names = picking.env["res.partner"].with_context(**ctx).browse(
                self.customer.id).name_get()
            self.assertEqual(canaries_in(names), [])

    def test_search_oracles_and_name_search(self):
        partners = self.as_role("warehouse_operator", "res.partner")
        pickings = self.as_role("warehouse_operator", "stock.picking")
        for field in ("email", "phone", "name", "street", "vat", "zip", "city"):
            self.assertFalse(partners.search([(field, "=", CANARY[field])]), field)
            self.assertEqual(
                pickings.search_count([("partner_id.%s" % field, "=", CANARY[field])]),
                0, field)
        self.assertFalse(partners.name_search("Zhangxiaosan"))
        self.assertFalse(partners.name_search("canary.mail"))
        self.assertFalse(pickings.search([("partner_id", "ilike", "Zhangxiaosan")]))
        # vendors are still found by name
        self.assertTrue(partners.name_search("Vendor Steel"))

    def test_read_group_and_export(self):
        pickings = self.as_role("warehouse_operator", "stock.picking")
        groups = pickings.read_group(
            [("id", "=", self.delivery.id)], ["partner_id"], ["partner_id"])
        self.assertEqual(canaries_in(groups), [])
        partners = self.as_role("warehouse_operator", "res.partner")
        with self.assertRaises(AccessError):
            partners.read_group([], ["email"], ["email"])
        with self.assertRaises(AccessError):
            pickings.browse(self.delivery.id).export_data(["partner_id/email"])
        with self.assertRaises(AccessError):
            partners.browse(self.customer.id).export_data(["name"])
        rows = pickings.browse(self.delivery.id).export_data(["name", "partner_id"])
        self.assertEqual(canaries_in(rows), [])

    def test_customer_service_sees_name_contact_masked(self):
        partner = self.as_role("customer_service", "res.partner").browse(
            self.customer.id)
        row = partner.read(["name", "email", "phone", "street"])[0]
        self.assertEqual(row["name"], CANARY["name"])
        self.assertEqual(row["phone"], "138****0001")
        self.assertNotIn(CANARY["email"], str(row))
        self.assertNotIn(CANARY["street"], str(row))

    def test_delivery_slip_shows_masked_recipient_and_order(self):
        report = self.env.ref("stock.action_report_delivery").sudo(
            self.users["warehouse_operator"])
        html = report.render_qweb_html([self.delivery.id])[0].decode()
        self.assertEqual(canaries_in(html), [])
        self.assertIn("SO-CANARY-1", html)

    def test_chatter_and_followers(self):
        picking = self.delivery
        picking.message_post(body="note", author_id=self.customer.id,
                             email_from=CANARY["email"],
                             partner_ids=[(4, self.customer.id)])
        messages = self.as_role("warehouse_operator", "mail.message").search(
            [("model", "=", "stock.picking"), ("res_id", "=", picking.id)])
        self.assertTrue(messages)
        self.assertEqual(canaries_in(messages.message_format()), [])
        self.assertEqual(canaries_in(messages.read()), [])
        followers = self.as_role("warehouse_operator", "mail.followers").search(
            [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)])
        self.assertEqual(canaries_in(followers.read()), [])
        partner_msgs = self.as_role("warehouse_operator", "mail.message").search(
            [("model", "=", "res.partner")])
        self.assertFalse(partner_msgs)
        suggested = self.as_role("warehouse_operator", "stock.picking").browse(
            picking.id).message_get_suggested_recipients()
        self.assertEqual(canaries_in(suggested), [])
