"""Per-login lockout on top of auth_brute_force, and no geolocation lookup."""
from .common import SecurityCase


class TestLockout(SecurityCase):

    @classmethod
    def setUpClass(cls):
        super(TestLockout, cls).setUpClass()
        cls.attempts = cls.env["res.authentication.attempt"]
        cls.env["ir.config_parameter"].set_param("ecom_security.max_by_login", "3")
        cls.env["ir.config_parameter"].set_param(
            "auth_brute_force.whitelist_remotes", "127.0.0.1")

    def _fail(self, login, remote, result="failed"):
        return self.attempts.create({"login": login, "remote": remote,
                                     "result": result})

    def test_login_attacked_from_many_addresses_is_locked(self):
        # one failure from each of 3 addresses: under the per-address limits
        for n in (1, 2, 3):
            self._fail("h5_victim", "198.51.100.%d" % n)
        self.assertFalse(self.attempts._trusted("198.51.100.77", "h5_victim"))
        # other logins and whitelisted addresses are not affected
        self.assertTrue(self.attempts._trusted("198.51.100.77", "h5_bystander"))
        self.assertTrue(self.attempts._trusted("127.0.0.1", "h5_victim"))

    def test_under_the_limit(self):
        for n in (1, 2):
            self._fail("h5_user", "198.51.100.%d" % n)
        self.assertTrue(self.attempts._trusted("198.51.100.9", "h5_user"))

    def test_old_failures_expire(self):
        old = self.env["res.authentication.attempt"]
        for n in (1, 2, 3):
            old |= self._fail("h5_old", "198.51.100.%d" % n)
        self.env.cr.execute(
            "UPDATE res_authentication_attempt SET create_date = "
            "create_date - interval '2 hours' WHERE id IN %s", (tuple(old.ids),))
        self.assertTrue(self.attempts._trusted("198.51.100.9", "h5_old"))

    def test_limit_zero_switches_it_off(self):
        self.env["ir.config_parameter"].set_param("ecom_security.max_by_login", "0")
        for n in (1, 2, 3, 4):
            self._fail("h5_off", "198.51.100.%d" % n)
        self.assertTrue(self.attempts._trusted("198.51.100.9", "h5_off"))

    def test_no_geolocation_lookup(self):
        attempt = self._fail("h5_geo", "198.51.100.1")
        self.assertFalse(attempt.remote_metadata)
