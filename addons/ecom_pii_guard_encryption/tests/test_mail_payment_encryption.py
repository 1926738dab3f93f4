"""Outgoing e-mail bodies and payment copies of the customer encrypted at rest.

Storage is checked as the administrator (the fixture's env) in SQL; that the
restricted roles are still refused is the guard's record rules (one check).
"""
import unittest
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.addons.ecom_partner_encryption.services import columns, crypto
from odoo.addons.ecom_pii_guard.tests.common import CANARY, PiiCase, canaries_in
from odoo.addons.ecom_pii_guard_encryption.models.payment_transaction import (
    ENCRYPTED_COLUMNS,
)

SIGNUP_TOKEN = "SignupTok7731xyz"
BODY = "<p>Dear %s, %s, /web/signup?token=%s</p>" % (
    CANARY["name"], CANARY["street"], SIGNUP_TOKEN)


class TestMailPaymentEncryption(PiiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.mail = env["mail.mail"].create({
            "subject": "Your account", "email_to": CANARY["email"],
            "body_html": BODY, "auto_delete": False,
        })
        acquirer = env["payment.acquirer"].search([], limit=1)
        cls.transaction = env["payment.transaction"].create({
            "acquirer_id": acquirer.id, "amount": 10.0,
            "currency_id": env.ref("base.main_company").currency_id.id,
            "reference": "ENC-TX-7731", "partner_id": cls.customer.id,
            "partner_name": CANARY["name"], "partner_email": CANARY["email"],
            "partner_phone": CANARY["phone"], "partner_address": CANARY["street"],
            "partner_city": CANARY["city"], "partner_zip": CANARY["zip"],
            "partner_country_id": env.ref("base.cn").id,
        })

    def _raw(self, table, names, rec_id):
        self.env.cr.execute('SELECT %s FROM "%s" WHERE id = %%s' % (
            ", ".join('"%s"' % name for name in names), table), [rec_id])
        return self.env.cr.fetchone()

    # -- mail.mail -----------------------------------------------------------------

    def test_mail_body_stored_encrypted_read_clear(self):
        stored = self._raw("mail_mail", ["body_html"], self.mail.id)[0]
        self.assertTrue(crypto.is_encrypted(stored), stored[:20])
        self.assertEqual(canaries_in(stored), [])
        self.assertNotIn(SIGNUP_TOKEN, stored)
        self.mail.invalidate_cache()
        self.assertEqual(self.mail.body_html, BODY)
        self.assertEqual(self.mail.read(["body_html"])[0]["body_html"], BODY)
        # the inherited mail.message columns are read as before
        self.assertEqual(self.mail.subject, "Your account")

    def test_mail_write_reencrypts(self):
        before = self._raw("mail_mail", ["body_html"], self.mail.id)[0]
        self.mail.write({"body_html": "<p>%s</p>" % CANARY["phone"]})
        after = self._raw("mail_mail", ["body_html"], self.mail.id)[0]
        self.assertTrue(crypto.is_encrypted(after))
        self.assertNotEqual(after, before)
        self.assertNotIn(CANARY["phone"], after)
        self.mail.invalidate_cache()
        self.assertEqual(self.mail.body_html, "<p>%s</p>" % CANARY["phone"])
        self.mail.write({"body_html": False})
        self.assertIsNone(self._raw("mail_mail", ["body_html"], self.mail.id)[0])

    def test_mail_send_builds_the_clear_body(self):
        server = type(self.env["ir.mail_server"])
        built = []
        build_email = server.build_email

        def spy(this, *args, **kwargs):
            built.append(kwargs)
            return build_email(this, *args, **kwargs)

        self.mail.invalidate_cache()
        with patch.object(server, "connect", return_value=None), \
                patch.object(server, "build_email", spy), \
                patch.object(server, "send_email", return_value="<id@test>"):
            self.mail.send(raise_exception=True)
        self.assertEqual(self.mail.state, "sent")
        self.assertEqual([call["body"] for call in built], [BODY])
        self.assertIn(SIGNUP_TOKEN, built[0]["body_alternative"])

    def test_ciphertext_bound_to_its_record(self):
        other = self.env["mail.mail"].create(
            {"subject": "other", "body_html": "<p>other</p>"})
        stolen = self._raw("mail_mail", ["body_html"], self.mail.id)[0]
        self.env.cr.execute(
            "UPDATE mail_mail SET body_html = %s WHERE id = %s", [stolen, other.id])
        other.invalidate_cache()
        with self.assertRaises(UserError):
            other.read(["body_html"])

    def test_mixed_rows_read_in_one_batch_then_migrated_and_decrypted(self):
        """A row of plaintext from before the add-on (as the install finds it)
        reads beside ciphertext; the install pass encrypts it, the uninstall
        pass writes every row back in clear."""
        Mail = self.env["mail.mail"]
        legacy = Mail.create({"subject": "legacy", "body_html": "<p>x</p>"})
        self.env.cr.execute("UPDATE mail_mail SET body_html = %s WHERE id = %s",
                            ["<p>%s</p>" % CANARY["email"], legacy.id])
        both = legacy | self.mail
        both.invalidate_cache()
        self.assertEqual(both.mapped("body_html"),
                         ["<p>%s</p>" % CANARY["email"], BODY])
        self.assertGreaterEqual(Mail._ecom_columns_pending_count(), 1)
        self.assertGreaterEqual(Mail._ecom_columns_reencrypt_all(batch_size=2), 1)
        self.assertEqual(Mail._ecom_columns_pending_count(), 0)
        self.assertTrue(crypto.is_encrypted(
            self._raw("mail_mail", ["body_html"], legacy.id)[0]))
        Mail._ecom_columns_decrypt_all(batch_size=2)
        self.assertEqual(self._raw("mail_mail", ["body_html"], self.mail.id)[0],
                         BODY)
        both.invalidate_cache()
        self.assertEqual(both.mapped("body_html"),
                         ["<p>%s</p>" % CANARY["email"], BODY])

    # -- payment.transaction --------------------------------------------------------

    def test_payment_copies_stored_encrypted_read_clear(self):
        raw = self._raw("payment_transaction", ENCRYPTED_COLUMNS,
                        self.transaction.id)
        self.assertTrue(all(crypto.is_encrypted(value) for value in raw), raw)
        self.assertEqual(canaries_in(raw), [])
        self.transaction.invalidate_cache()
        row = self.transaction.read(list(ENCRYPTED_COLUMNS))[0]
        # core's create copies them from the partner (address: both streets)
        self.assertEqual(
            [row[name] for name in ENCRYPTED_COLUMNS],
            [CANARY["name"], CANARY["email"], CANARY["phone"],
             "%s %s" % (CANARY["street"], CANARY["street2"]),
             CANARY["zip"], CANARY["city"]])
        # same value, other field: different ciphertext (associated data)
        self.assertNotEqual(raw[0], raw[1])

    def test_payment_copies_searched_set_or_not_set_only(self):
        Tx = self.env["payment.transaction"]
        self.assertIn(self.transaction, Tx.search([("partner_email", "!=", False)]))
        with self.assertRaises(UserError):
            Tx.search([("partner_email", "ilike", "7731")])

    # -- restricted roles ---------------------------------------------------------

    def test_restricted_role_still_refused(self):
        with self.assertRaises(AccessError):
            self.as_role("warehouse_operator", "payment.transaction").browse(
                self.transaction.id).read(["partner_email"])


class TestColumnPasses(unittest.TestCase):
    """services/columns.py without a database: the row transforms and the
    conditions of the install / rotation / uninstall passes."""

    def setUp(self):
        super().setUp()
        self.old = crypto.Cipher([("kold", b"o" * 32)])
        self.new = crypto.Cipher([("knew", b"n" * 32), ("kold", b"o" * 32)])

    def test_reencrypt_then_decrypt(self):
        names = ["a", "b"]
        row = [7, self.old.encrypt("secret", "m", "a", 7), "legacy"]
        moved = columns.reencrypting(self.new, "m", names)(row)
        self.assertEqual(moved[0], 7)
        self.assertEqual([crypto.key_id_of(value) for value in moved[1:]],
                         ["knew", "knew"])
        self.assertEqual(columns.decrypting(self.new, "m", names)(moved),
                         [7, "secret", "legacy"])
        self.assertEqual(columns.reencrypting(self.new, "m", names)([8, None, ""]),
                         [8, None, None])

    def test_conditions(self):
        where, params = columns.pending_where(self.new, ["a", "b"])
        self.assertEqual(where.count("%s"), len(params))
        self.assertIn("ecg1:knew:", params)
        self.assertEqual(columns.pending_where(self.new, ["a"], True), ("TRUE", []))
        where, params = columns.encrypted_where(["a", "b"])
        self.assertEqual(where.count("%s"), len(params))
        self.assertEqual(params, [5, "ecg1:", 5, "ecg1:"])
