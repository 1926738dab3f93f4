"""No oracle for the hidden level: ordering, grouping, searching, counting.

The attack: a user renames a record it controls, then asks for a list ordered
by name (or by partner) that also holds the customer, and learns by binary
search on which side of its own name the customer's name falls. Or it counts
records matching a guessed name. Run as the warehouse operator.
"""
from odoo.exceptions import AccessError

from .common import CANARY, PiiCase, canaries_in


class TestOracles(PiiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # names around the customer's ("Canaryname ..."), ids after it
        cls.vendor_a = env["res.partner"].create(
            {"name": "Aaa Vendor", "supplier": True, "customer": False})
        cls.vendor_z = env["res.partner"].create(
            {"name": "Zzz Vendor", "supplier": True, "customer": False})
        warehouse = env.ref("stock.warehouse0")
        cls.pickings = cls.delivery
        for vendor in (cls.vendor_a, cls.vendor_z):
            cls.pickings |= env["stock.picking"].create({
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": vendor.id, "location_id": cls.stock.id,
                "location_dest_id": cls.customers_loc.id})

    def test_partner_order_by_name_is_by_id(self):
        partners = self.as_role("warehouse_operator", "res.partner")
        domain = [("id", "in", (self.customer | self.vendor_a | self.vendor_z).ids)]
        by_id = [self.customer.id, self.vendor_a.id, self.vendor_z.id]
        self.assertEqual(partners.search(domain, order="name").ids, by_id)
        self.assertEqual(partners.search(domain).ids, by_id)  # display_name
        self.assertEqual(partners.search(domain, order="name desc").ids,
                         by_id[::-1])
        self.assertEqual(partners.search(domain, order="email, name").ids, by_id)
        rows = partners.search_read(domain, ["id"], order="display_name desc")
        self.assertEqual([r["id"] for r in rows], by_id[::-1])

    def test_picking_order_by_partner_is_by_partner_id(self):
        pickings = self.as_role("warehouse_operator", "stock.picking")
        domain = [("id", "in", self.pickings.ids)]
        found = pickings.search(domain, order="partner_id, id")
        partner_ids = found.sudo().mapped("partner_id").ids
        self.assertEqual(partner_ids, sorted(partner_ids))
        self.assertEqual(found[0], self.delivery)

    def test_read_group_by_partner(self):
        pickings = self.as_role("warehouse_operator", "stock.picking")
        groups = pickings.read_group([("id", "in", self.pickings.ids)],
                                     ["partner_id"], ["partner_id"],
                                     orderby="partner_id")
        ids = [g["partner_id"][0] for g in groups]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(canaries_in(groups), [])
        with self.assertRaises(AccessError):
            pickings.env["res.partner"].read_group([], ["name"], ["name"])
        with self.assertRaises(AccessError):
            pickings.env["res.users"].read_group([], ["login"], ["login"])

    def test_counting_through_partner_paths(self):
        pickings = self.as_role("warehouse_operator", "stock.picking")
        leaves = [
            ("partner_id.name", "ilike", "Zhangxiaosan"),
            ("partner_id", "ilike", "Zhangxiaosan"),
            ("partner_id", "=", CANARY["name"]),
            ("partner_id.email", "=", CANARY["email"]),
            ("partner_id.parent_id.email", "=", CANARY["email"]),
            ("partner_id", "child_of", "Zhangxiaosan"),
            ("partner_id.commercial_partner_id.phone", "=", CANARY["phone"]),
            ("move_lines.partner_id.name", "ilike", "Zhangxiaosan"),
            ("message_partner_ids.name", "ilike", "Zhangxiaosan"),
            ("message_partner_ids.street", "=", CANARY["street"]),
        ]
        for leaf in leaves:
            self.assertEqual(pickings.search_count([leaf]), 0, leaf)
            # negated, the answer is the one for a value matching nobody
            nobody = (leaf[0], leaf[1], "Nobody-4711")
            self.assertEqual(pickings.search_count(["!", leaf]),
                             pickings.search_count(["!", nobody]), leaf)
        # by id, a partner is found: ids are not personal data
        self.assertEqual(pickings.search(
            [("partner_id", "=", self.delivery_contact.id)]), self.delivery)
        self.assertEqual(pickings.search(
            [("partner_id", "child_of", self.customer.id)]), self.delivery)

    def test_searching_partners_through_users_and_children(self):
        self.env["res.users"].with_context(no_reset_password=True).create({
            "login": "canary-portal-7731", "partner_id": self.customer.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        partners = self.as_role("warehouse_operator", "res.partner")
        leaves = [
            ("user_ids.name", "ilike", "Zhangxiaosan"),  # auto_join, inherits
            ("user_ids.login", "=", "canary-portal-7731"),
            ("child_ids.name", "ilike", "Canaryname Delivery"),
            ("child_ids.email", "=", CANARY["email"]),
            ("parent_id", "ilike", "Zhangxiaosan"),
        ]
        for leaf in leaves:
            self.assertEqual(partners.search_count([leaf]), 0, leaf)
        users = self.as_role("warehouse_operator", "res.users")
        self.assertEqual(users.search_count([("name", "ilike", "Zhangxiaosan")]), 0)
        self.assertFalse(users.name_search("canary-portal"))

    def test_copied_personal_fields_refused(self):
        messages = self.as_role("warehouse_operator", "mail.message")
        with self.assertRaisesRegex(AccessError, "email_from"):
            messages.search([("email_from", "=", CANARY["email"])])
        with self.assertRaisesRegex(AccessError, "email_from"):
            messages.read_group([], ["email_from"], ["email_from"])

    def test_onchange_of_a_contact_under_the_customer(self):
        partners = self.as_role("warehouse_manager", "res.partner").with_context(
            show_address=True, show_email=True)
        # the fields of the contact form (the full spec trips core's counters)
        spec = dict.fromkeys(["street", "street2", "zip", "city", "vat", "email",
                              "parent_name", "commercial_partner_id",
                              "country_id", "type", "name"], "")
        spec["parent_id"] = "1"
        result = partners.onchange(
            {"parent_id": self.customer.id, "type": "contact", "name": "x"},
            "parent_id", spec)
        self.assertEqual(canaries_in(result), [])

    def test_labels_without_the_monkey_patch(self):
        from odoo import fields
        self.assertEqual(fields.Many2one.convert_to_read.__module__, "odoo.fields")
        pickings = self.as_role("warehouse_operator", "stock.picking").with_context(
            show_address=True, show_email=True)
        rows = pickings.search_read([("id", "=", self.delivery.id)],
                                    ["partner_id", "move_lines"])
        self.assertEqual(canaries_in(rows), [])
        self.assertTrue(rows[0]["partner_id"][1].endswith(" · SO-CANARY-1"))
        moves = pickings.env["stock.move"].search_read(
            [("picking_id", "=", self.delivery.id)], ["partner_id", "picking_id"])
        self.assertEqual(canaries_in(moves), [])
        # vendors keep their name
        vendor_row = pickings.search_read([("partner_id", "=", self.vendor_a.id)],
                                          ["partner_id"])[0]
        self.assertEqual(vendor_row["partner_id"][1], "Aaa Vendor")
