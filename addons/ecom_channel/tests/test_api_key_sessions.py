"""Web sessions opened with an API key: bound to the key, no web-client screens."""
import unittest

from odoo.addons.ecom_channel.models.ir_http import is_web_client_path

from .common import ChannelCase


class TestWebClientPaths(unittest.TestCase):
    def test_screens_refused_rpc_allowed(self):
        for path in ("/web", "/web/", "/web/action/load", "/web/menu/load_needaction",
                     "/web/webclient/qweb", "/web/webclient/load_menus/abc",
                     "/mail/init_messaging"):
            self.assertTrue(is_web_client_path(path), path)
        for path in ("/web/dataset/call_kw", "/web/dataset/call_kw/ecom.channel/x",
                     "/web/session/authenticate", "/web/webclient/version_info",
                     "/webshop", "/jsonrpc", "", None):
            self.assertFalse(is_web_client_path(path), path)


class TestApiKeySessions(ChannelCase):
    def setUp(self):
        super().setUp()
        self.Key = self.env["ecom.api.key"]
        answer = self.Key.create_key(self.integration.id, "Session shop")
        self.key, self.record = answer["key"], self.Key.browse(answer["id"])

    def test_binding_lives_as_long_as_the_key(self):
        binding = self.Key._check_key(self.integration.id, self.key)
        self.assertTrue(binding)
        self.assertNotIn(self.key, binding)       # never the key itself
        self.assertTrue(self.Key._ecom_session_key_valid(binding, self.integration.id))
        # bound to its user
        self.assertFalse(self.Key._ecom_session_key_valid(binding, self.cs_agent.id))
        self.record.action_revoke()
        self.assertFalse(self.Key._ecom_session_key_valid(binding, self.integration.id))

    def test_new_secret_ends_sessions_of_the_old_one(self):
        binding = self.Key._check_key(self.integration.id, self.key)
        self.record._generate()
        self.assertFalse(self.Key._ecom_session_key_valid(binding, self.integration.id))

    def test_deactivated_user_and_garbage_bindings(self):
        binding = self.Key._check_key(self.integration.id, self.key)
        for garbage in ("", "x", "12", ":", "abc:def", None, 5):
            self.assertFalse(
                self.Key._ecom_session_key_valid(garbage, self.integration.id), garbage)
        self.integration.active = False
        self.assertFalse(self.Key._ecom_session_key_valid(binding, self.integration.id))

    def test_password_login_is_not_a_key_binding(self):
        self.assertFalse(self.Key._check_key(self.integration.id, "integration"))
        self.assertFalse(self.Key._check_key(self.integration.id, self.key + "x"))

    def test_api_only_role(self):
        self.assertTrue(self.integration._ecom_is_api_only())
        self.assertFalse(self.cs_agent._ecom_is_api_only())
