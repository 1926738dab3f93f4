"""Partner fields encrypted at rest, through the ORM, as a contact manager."""
from odoo.exceptions import AccessError, UserError

from .common import EncryptionCase, current_keys, key_entry, keys

VALUES = {
    "email": "Zhang.San@Example.CN",
    "phone": "+86 10 8888 0001",
    "mobile": "+86 138 0000 0001",
    "street": "建国路88号",
    "street2": "Unit 7",
    "vat": "CN91110000MA00001",
}


class TestStorage(EncryptionCase):
    def test_create_stores_only_ciphertext_and_reads_plaintext(self):
        partner = self.partners.create(dict(VALUES, name="Zhang San"))
        for field, value in VALUES.items():
            stored, token = self.column(partner, field)
            self.assertTrue(stored.startswith("ecg1:"), field)
            self.assertNotIn(value, stored)
            self.assertTrue(token and value not in token)
        self.fresh(partner)
        self.assertEqual({f: partner[f] for f in VALUES}, VALUES)
        self.assertEqual(partner.read(["email"])[0]["email"], VALUES["email"])

    def test_empty_stays_empty(self):
        partner = self.partners.create({"name": "No contact", "email": ""})
        self.assertEqual(self.column(partner, "email"), (None, None))
        self.assertFalse(self.fresh(partner).email)
        partner.write({"email": "x@y.org"})
        partner.write({"email": False})
        self.assertEqual(self.column(partner, "email"), (None, None))

    def test_write_many_records_each_with_own_ciphertext(self):
        partners = self.partners.create({"name": "A"}) | self.partners.create(
            {"name": "B"})
        partners.write({"phone": "010 5555 0101", "street": "Same street 1"})
        stored = {p.id: self.column(p, "phone")[0] for p in partners}
        self.assertEqual(len(set(stored.values())), 2)
        self.assertEqual(self.fresh(partners).mapped("phone"), ["010 5555 0101"] * 2)

    def test_ciphertext_moved_to_other_record_or_field_fails(self):
        one = self.partners.create({"name": "One", "email": "one@example.org"})
        two = self.partners.create({"name": "Two", "email": "two@example.org"})
        stored = self.column(one, "email")[0]
        self.env.cr.execute("UPDATE res_partner SET email = %s WHERE id = %s",
                            (stored, two.id))
        with self.assertRaisesRegex(UserError, "email of record %d" % two.id):
            self.fresh(two).email
        self.env.cr.execute("UPDATE res_partner SET street = %s WHERE id = %s",
                            (stored, one.id))
        with self.assertRaisesRegex(UserError, "street of record %d" % one.id):
            self.fresh(one).street

    def test_user_email_through_inheritance(self):
        self.env.cr.execute("SELECT p.email FROM res_users u JOIN res_partner p "
                            "ON p.id = u.partner_id WHERE u.id = %s", (self.user.id,))
        self.assertTrue(self.env.cr.fetchone()[0].startswith("ecg1:"))
        user = self.fresh(self.env["res.users"].browse(self.user.id))
        self.assertEqual(user.email, "enc.manager@example.org")
        self.assertEqual(user.read(["email"])[0]["email"], "enc.manager@example.org")
        found = self.env["res.users"].search(
            [("email", "=", "ENC.manager@example.org")])
        self.assertEqual(found, self.user)


class TestBatchRead(EncryptionCase):
    """Reading many partners at once: each value decrypted for its own record,
    whatever the mix, and record rules hide the encrypted fields as the rest."""

    def test_mixed_rows_in_one_read(self):
        partners = self.partners.browse([
            self.partners.create({"name": "P%d" % n, "email": "p%d@example.org" % n,
                                  "street": "Street %d" % n}).id for n in range(6)])
        self.env.cr.execute(  # a legacy plaintext row and an empty value
            "UPDATE res_partner SET email = 'legacy@example.org', email_bidx = NULL"
            " WHERE id = %s", (partners[1].id,))
        self.env.cr.execute("UPDATE res_partner SET street = NULL WHERE id = %s",
                            (partners[2].id,))
        rows = {row["id"]: row for row in self.fresh(partners).read(
            ["name", "email", "street"])}
        self.assertEqual(
            [(rows[p.id]["email"], rows[p.id]["street"]) for p in partners],
            [("p0@example.org", "Street 0"), ("legacy@example.org", "Street 1"),
             ("p2@example.org", False), ("p3@example.org", "Street 3"),
             ("p4@example.org", "Street 4"), ("p5@example.org", "Street 5")])
        # prefetching (one record accessed, the others read with it)
        self.fresh(partners)
        self.assertEqual(partners[3].email, "p3@example.org")
        self.assertEqual(partners.mapped("email")[5], "p5@example.org")
        # one tampered value among many: the error names its record
        stored = self.column(partners[4], "email")[0]
        self.env.cr.execute("UPDATE res_partner SET email = %s WHERE id = %s",
                            (stored, partners[5].id))
        with self.assertRaisesRegex(UserError, "email of record %d" % partners[5].id):
            self.fresh(partners).read(["email"])

    def test_record_rule_hides_encrypted_fields_too(self):
        visible = self.partners.create({"name": "Visible", "email": "v@example.org"})
        hidden = self.partners.create({"name": "Hidden", "email": "h@example.org"})
        self.env["ir.rule"].create({
            "name": "encryption test: not the hidden partner",
            "model_id": self.env["ir.model"]._get("res.partner").id,
            "domain_force": "[('id', '!=', %d)]" % hidden.id,
        })  # global: ANDed with every other rule (group rules are ORed)
        both = self.fresh(visible | hidden)
        self.assertEqual(visible.email, "v@example.org")
        with self.assertRaises(AccessError):
            hidden.mapped("email")
        with self.assertRaises(AccessError):
            both.read(["email"])
        self.assertEqual(self.fresh(visible).read(["email"])[0]["email"],
                         "v@example.org")


class TestSearch(EncryptionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zhang = cls.partners.create(dict(VALUES, name="Zhang San"))
        cls.li = cls.partners.create({
            "name": "Li Si", "email": "li.si@example.cn", "phone": "010 6666 0002",
            "mobile": "13900000002"})

    def search(self, domain):
        return self.partners.search(domain)

    def test_equal_in_not_equal(self):
        self.assertEqual(self.search([("email", "=", " zhang.san@example.cn ")]),
                         self.zhang)
        self.assertEqual(self.search([("phone", "=", "+86 (10) 8888-0001")]),
                         self.zhang)
        self.assertEqual(self.search([("mobile", "in", ["+86 138 0000 0001",
                                                        "139 0000 0002"])]),
                         self.zhang | self.li)
        self.assertEqual(self.search([("vat", "=", "cn 9111 0000 ma00001")]),
                         self.zhang)
        self.assertEqual(self.search([("street", "=", "建国路88号")]), self.zhang)
        both = self.zhang | self.li
        self.assertEqual(self.search([("id", "in", both.ids),
                                      ("email", "!=", "li.si@example.cn")]),
                         self.zhang)
        self.assertEqual(self.search([("id", "in", both.ids),
                                      ("email", "not in", ["li.si@example.cn"])]),
                         self.zhang)
        self.assertEqual(self.search([("id", "in", both.ids), ("street", "=", False)]),
                         self.li)
        self.assertEqual(self.search([("email", "=ilike", "LI.SI@example.cn")]),
                         self.li)
        self.assertFalse(self.search([("email", "=", "nobody@example.cn")]))

    def test_like_raises_clear_error(self):
        for operator in ("like", "ilike", "not ilike", "=like", "<"):
            value = "%zhang%" if "like" in operator else "zhang"
            with self.assertRaisesRegex(UserError, "'email' is stored encrypted"):
                self.search([("email", operator, value)])

    def test_core_mail_lookups(self):
        under = self.partners.create({"name": "U", "email": "first_last@example.cn"})
        # mail escapes LIKE characters and uses =ilike, then ilike '<addr>'
        self.assertEqual(self.search([("email", "=ilike", "FIRST\\_LAST@example.cn")]),
                         under)
        self.assertEqual(self.search([("email", "ilike", "<first_last@example.cn>")]),
                         under)
        with self.assertRaisesRegex(UserError, "'email' is stored encrypted"):
            self.search([("email", "=ilike", "first%")])
        users, partners = self.partners.get_mention_suggestions("li.si@example.cn")
        self.assertEqual([p["id"] for p in users + partners], self.li.ids)
        self.assertEqual(partners[0]["email"], "li.si@example.cn")

    def test_dotted_path_from_other_model(self):
        users = self.env["res.users"].search(
            [("partner_id.email", "=", "enc.manager@example.org")])
        self.assertEqual(users, self.user)

    def test_name_search_by_exact_email_and_phone(self):
        found = self.partners.name_search("li.si@EXAMPLE.cn")
        self.assertEqual([r[0] for r in found], self.li.ids)
        found = self.partners.name_search("(010) 6666-0002")
        self.assertEqual([r[0] for r in found], self.li.ids)
        found = self.partners.name_search("Zhang San")
        self.assertIn(self.zhang.id, [r[0] for r in found])
        # a random fragment must not match ciphertext characters
        self.assertFalse(self.partners.name_search("ecg1"))


class TestKeys(EncryptionCase):
    def test_missing_or_malformed_key_fails_cleanly(self):
        partner = self.partners.create({"name": "Keyless", "email": "k@example.org"})
        data, index = current_keys()
        for bad_data, bad_index, message in [
            (None, index, "ecom_encryption_keys is not set"),
            (data, None, "ecom_blind_index_key is not set"),
            ("k1:tooshort", index, "not valid base64|must be 32 bytes"),
        ]:
            with keys(bad_data, bad_index):
                with self.assertRaisesRegex(UserError, message):
                    self.fresh(partner).email
                with self.assertRaisesRegex(UserError, message):
                    partner.write({"email": "new@example.org"})
                with self.assertRaisesRegex(UserError, message):
                    self.partners.create({"name": "X", "phone": "123456"})
                with self.assertRaisesRegex(UserError, message):
                    self.partners.search([("email", "=", "k@example.org")])
        self.assertEqual(self.fresh(partner).email, "k@example.org")
        self.assertFalse(self.partners.search([("name", "=", "X")]))

    def test_wrong_key_fails_cleanly(self):
        partner = self.partners.create({"name": "Wrong", "email": "w@example.org"})
        data, index = current_keys()
        kid = data.split(":")[0]
        with keys(key_entry(kid, 7), index):
            with self.assertRaisesRegex(UserError, "cannot be decrypted"):
                self.fresh(partner).email

    def test_plaintext_rows_encrypted_and_rotation_keeps_search_recall(self):
        Partner = self.env["res.partner"]
        names = ["rot%d@example.org" % n for n in range(5)]
        partners = Partner.browse(
            [self.partners.create({"name": n, "email": n}).id for n in names])
        # a row written before the add-on was installed: plaintext, no token
        self.env.cr.execute(
            "UPDATE res_partner SET email = %s, email_bidx = NULL WHERE id = %s",
            ("legacy@example.org", partners[0].id))
        names[0] = "legacy@example.org"
        data, index = current_keys()

        def recall():
            self.fresh(partners)
            return sum(bool(Partner.search([("email", "=", n)])) for n in names)

        Partner._ecom_reencrypt_all()
        self.assertEqual(self.column(partners[0], "email")[0][:5], "ecg1:")
        self.assertEqual(recall(), 5)
        rotated = (key_entry("rot2", 9) + "," + data,
                   key_entry("irot2", 10) + "," + index)
        with keys(*rotated):
            self.assertGreaterEqual(Partner._ecom_pending_count(), 5)
            self.assertEqual(recall(), 5)                     # before
            Partner._ecom_reencrypt_batch(0, batch_size=2)    # half-way
            self.assertEqual(recall(), 5)                     # during
            Partner._ecom_reencrypt_all(batch_size=3)
            self.assertEqual(Partner._ecom_pending_count(), 0)
            new = self.partners.create({"name": "new", "email": "new@example.org"})
            self.assertTrue(self.column(new, "email")[0].startswith("ecg1:rot2:"))
            self.assertTrue(self.column(new, "email")[1].startswith("irot2:"))
        # old keys removed: everything still readable and searchable
        with keys(rotated[0].split(",")[0], rotated[1].split(",")[0]):
            self.assertEqual(recall(), 5)                     # after
            self.assertEqual(self.fresh(partners).mapped("email"), names)
