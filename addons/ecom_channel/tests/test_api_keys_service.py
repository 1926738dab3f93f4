"""Shape, hash and session binding of API keys; no database."""
import unittest

from odoo.addons.ecom_channel.services import api_keys


class TestApiKeys(unittest.TestCase):
    def test_new_key_and_hash(self):
        key = api_keys.new_key()
        self.assertTrue(key.startswith(api_keys.KEY_PREFIX))
        self.assertGreater(len(key), 40)
        self.assertNotEqual(key, api_keys.new_key())
        digest = api_keys.hash_key(key)
        self.assertEqual(len(digest), 64)
        self.assertEqual(digest, api_keys.hash_key(key))

    def test_looks_like_key(self):
        self.assertTrue(api_keys.looks_like_key("ecomk_abc"))
        for value in ("integration", "", None, 42, b"ecomk_x"):
            self.assertFalse(api_keys.looks_like_key(value), value)

    def test_session_binding_round_trip(self):
        digest = api_keys.hash_key("ecomk_x")
        binding = api_keys.session_binding(12, digest)
        self.assertEqual(binding, "12:" + digest[:api_keys.SESSION_HASH_CHARS])
        self.assertEqual(api_keys.parse_binding(binding),
                         (12, digest[:api_keys.SESSION_HASH_CHARS]))
        for broken in ("12", "x:abc", None, True):
            self.assertIsNone(api_keys.parse_binding(broken), broken)
