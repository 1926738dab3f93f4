"""TOTP codes and the login decision, no database."""
import time
import unittest

import pyotp

from odoo.addons.ecom_security.services import totp


class TestTotpService(unittest.TestCase):

    def setUp(self):
        super(TestTotpService, self).setUp()
        self.secret = totp.new_secret()
        self.now = time.time()

    def test_secret_is_base32_of_160_bits(self):
        self.assertEqual(len(self.secret), 32)
        self.assertNotEqual(self.secret, totp.new_secret())

    def test_code_of_now_and_of_the_neighbour_steps(self):
        app = pyotp.TOTP(self.secret)
        for offset in (-30, 0, 30):
            self.assertTrue(totp.verify(self.secret, app.at(self.now + offset),
                                        at=self.now))

    def test_code_two_steps_away_is_refused(self):
        app = pyotp.TOTP(self.secret)
        self.assertFalse(totp.verify(self.secret, app.at(self.now - 90), at=self.now))

    def test_typed_with_spaces(self):
        code = pyotp.TOTP(self.secret).at(self.now)
        self.assertTrue(totp.verify(self.secret, code[:3] + " " + code[3:],
                                    at=self.now))

    def test_garbage_and_missing_values(self):
        for code in (None, "", "12345", "1234567", "abcdef"):
            self.assertFalse(totp.verify(self.secret, code, at=self.now), code)
        self.assertFalse(totp.verify(None, "123456"))

    def test_provisioning_uri_names_account_and_issuer(self):
        uri = totp.provisioning_uri(self.secret, "cs_agent", "Shop Ltd")
        self.assertTrue(uri.startswith("otpauth://totp/"))
        self.assertIn("secret=%s" % self.secret, uri)
        self.assertIn("cs_agent", uri)
        self.assertIn("issuer=Shop", uri)

    def test_decision(self):
        # enrolled users always type a code; others only enrol when a role says so
        self.assertEqual(totp.requires_second_factor([False, True], True), "code")
        self.assertEqual(totp.requires_second_factor([False, False], True), "code")
        self.assertEqual(totp.requires_second_factor([False, True], False), "enrol")
        self.assertEqual(totp.requires_second_factor([], False), "ok")
