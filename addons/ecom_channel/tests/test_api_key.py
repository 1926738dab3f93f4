"""API keys: shown once, stored hashed, work as the password, revocable."""
from odoo.exceptions import AccessDenied

from .common import ChannelCase


class TestApiKey(ChannelCase):
    def test_key_lifecycle(self):
        answer = self.env["ecom.api.key"].create_key(self.integration.id, "Tmall")
        key = answer["key"]
        record = self.env["ecom.api.key"].browse(answer["id"])
        self.assertNotIn(key, (record.key_hash, record.key_hint))
        self.assertEqual(len(record.key_hash), 64)
        users = self.env["res.users"].sudo(self.integration)
        users.check_credentials(key)            # accepted as the password
        with self.assertRaises(AccessDenied):
            users.check_credentials(key + "x")
        with self.assertRaises(AccessDenied):  # not the key of another user
            self.env["res.users"].sudo(self.cs_agent).check_credentials(key)
        record.action_revoke()
        self.assertTrue(record.revoked_at)
        with self.assertRaises(AccessDenied):
            users.check_credentials(key)

    def test_only_integration_users_get_keys(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            self.env["ecom.api.key"].create({"user_id": self.cs_agent.id, "name": "x"})
