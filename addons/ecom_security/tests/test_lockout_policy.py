"""Per-login lockout window, no database."""
import unittest
from datetime import datetime

from odoo.addons.ecom_security.services import lockout

NOW = datetime(2026, 12, 3, 12, 0, 0)


class TestLockoutPolicy(unittest.TestCase):

    def test_window_without_success(self):
        self.assertEqual(lockout.window_start(NOW, 30), "2026-12-03 11:30:00")

    def test_recent_success_starts_the_window(self):
        self.assertEqual(lockout.window_start(NOW, 30, "2026-12-03 11:50:00"),
                         "2026-12-03 11:50:00")

    def test_old_success_does_not_widen_the_window(self):
        self.assertEqual(lockout.window_start(NOW, 30, "2026-12-01 08:00:00"),
                         "2026-12-03 11:30:00")

    def test_no_window_counts_since_last_success(self):
        self.assertEqual(lockout.window_start(NOW, 0, "2026-12-01 08:00:00"),
                         "2026-12-01 08:00:00")
        self.assertIsNone(lockout.window_start(NOW, 0))

    def test_limit(self):
        self.assertFalse(lockout.is_locked(19, 20))
        self.assertTrue(lockout.is_locked(20, 20))
        self.assertFalse(lockout.is_locked(500, 0))  # 0 = off

    def test_parse_limit(self):
        self.assertEqual(lockout.parse_limit("7", 20), 7)
        self.assertEqual(lockout.parse_limit(None, 20), 20)
        self.assertEqual(lockout.parse_limit("x", 20), 20)
