"""Levels, masking, protection at creation and order sanitising; pure Python."""
import unittest

from ..services import pii_policy


class TestLevels(unittest.TestCase):
    def test_level_for(self):
        cases = [
            # (superuser, groups, level)
            (True, {"ecom_base.group_warehouse_operator"}, "clear"),
            (False, {"base.group_system", "ecom_base.group_integration"}, "clear"),
            (False, {"ecom_base.group_warehouse_operator"}, "hidden"),
            (False, {"ecom_base.group_integration"}, "hidden"),
            (False, {"ecom_base.group_purchase_planner"}, "hidden"),
            (False, {"ecom_base.group_customer_service"}, "masked"),
            # masked wins: an agent who also picks keeps seeing names
            (False, {"ecom_base.group_customer_service",
                     "ecom_base.group_warehouse_operator"}, "masked"),
            (False, {"base.group_user"}, "clear"),
        ]
        for superuser, groups, level in cases:
            with self.subTest(groups=groups):
                self.assertEqual(
                    pii_policy.level_for(superuser, groups.__contains__), level)


class TestMaskValue(unittest.TestCase):
    def test_levels(self):
        self.assertEqual(pii_policy.mask_value("phone", "13877310001", "masked"),
                         "138****0001")
        self.assertEqual(pii_policy.mask_value("name", "Zhang San", "masked"),
                         "Zhang San")
        self.assertNotIn("hang", pii_policy.mask_value("name", "Zhang San", "hidden"))
        self.assertIs(pii_policy.mask_value("contact_address", "x", "masked"), False)
        self.assertNotIn("canary", pii_policy.mask_value(
            "login", "canary@example.com", "hidden"))
        self.assertEqual(pii_policy.mask_value("email", False, "hidden"), False)
        self.assertEqual(pii_policy.mask_value("customer", True, "hidden"), True)


class TestProtectedOnCreate(unittest.TestCase):
    def test_table(self):
        cases = [
            # (vals, parent protected, protected)
            ({"name": "buyer"}, None, True),  # staff-entered customer
            ({"name": "v", "supplier": True}, None, False),  # vendor
            ({"name": "v", "supplier": True, "ecom_channel_id": 3}, None, True),
            ({"name": "x", "ecom_channel_id": 3}, None, True),
            ({"name": "contact"}, True, True),  # contact of a customer
            # a "vendor" under a customer gets the customer's address: protected
            ({"name": "contact", "supplier": True}, True, True),
            ({"name": "vendor contact"}, False, False),
            ({"name": "vendor contact", "ecom_channel_id": 1}, False, True),
        ]
        for vals, parent, expected in cases:
            with self.subTest(vals=vals, parent=parent):
                self.assertIs(pii_policy.protected_on_create(vals, parent), expected)


class TestSanitizeOrder(unittest.TestCase):
    def test_personal_terms_become_id(self):
        personal = {"name", "email", "display_name", "partner_id"}.__contains__
        cases = [
            ("name", "id"),
            ("name desc", "id desc"),
            ("display_name, id", "id"),
            ("date desc, name asc, id desc", "date desc, id asc"),
            ('"email" desc', "id desc"),
            ("scheduled_date, priority desc", "scheduled_date, priority desc"),
            ("", ""),
            (None, None),
        ]
        for spec, expected in cases:
            with self.subTest(spec=spec):
                self.assertEqual(pii_policy.sanitize_order(spec, personal), expected)
