"""The one phone/e-mail normaliser (plain Python, no database)."""
import doctest
import unittest

from ..services import contact

MOBILE = "+8613800138000"


class TestPhone(unittest.TestCase):

    def test_chinese_mobile_forms_are_one_number(self):
        # the forms customers say and agents type
        for text in ("13800138000", "138 0013 8000", "138-0013-8000",
                     "+86 138 0013 8000", "+86-138-0013-8000", "+8613800138000",
                     "0086 13800138000", "0086-138-0013-8000", "86 13800138000",
                     "8613800138000", " 138 0013 8000 "):
            self.assertEqual(contact.normalise_phone(text, "CN"), MOBILE, text)

    def test_chinese_landlines(self):
        # Beijing 010, Shanghai 021 with the trunk 0, international without it
        self.assertEqual(contact.normalise_phone("010-12345678", "CN"), "+861012345678")
        self.assertEqual(contact.normalise_phone("(010) 1234 5678", "CN"),
                         "+861012345678")
        self.assertEqual(contact.normalise_phone("+86 10 1234 5678", "CN"),
                         "+861012345678")
        self.assertEqual(contact.normalise_phone("(021) 1234 5678", "CN"),
                         "+862112345678")
        self.assertEqual(contact.normalise_phone("021 12345678", "CN"),
                         "+862112345678")
        self.assertEqual(contact.normalise_phone("0086 21 1234 5678", "CN"),
                         "+862112345678")
        # service number
        self.assertEqual(contact.normalise_phone("400-820-8820", "CN"),
                         "+864008208820")

    def test_other_countries(self):
        # Germany: national with trunk 0 in DE, international anywhere
        self.assertEqual(contact.normalise_phone("030 1234567", "DE"), "+49301234567")
        self.assertEqual(contact.normalise_phone("+49 30 1234567", "CN"),
                         "+49301234567")
        self.assertEqual(contact.normalise_phone("0049 30 1234567", "CN"),
                         "+49301234567")
        # United States national format in the US, +1 elsewhere
        self.assertEqual(contact.normalise_phone("(650) 253-0000", "US"),
                         "+16502530000")
        self.assertEqual(contact.normalise_phone("+1 650 253 0000", "CN"),
                         "+16502530000")
        # United Kingdom
        self.assertEqual(contact.normalise_phone("020 7946 0958", "GB"),
                         "+442079460958")
        self.assertEqual(contact.normalise_phone("+44 20 7946 0958", "CN"),
                         "+442079460958")
        # a number of another country typed without + in China
        self.assertEqual(contact.normalise_phone("4930 1234567", "CN"),
                         "+49301234567")
        # the US dials 011, not 00: 0086... is still read as +86
        self.assertEqual(contact.normalise_phone("0086 13800138000", "US"), MOBILE)

    def test_region_case_and_missing_region(self):
        self.assertEqual(contact.normalise_phone("13800138000", "cn"), MOBILE)
        # no company country: only international forms are understood
        self.assertEqual(contact.normalise_phone("+86 138 0013 8000", None), MOBILE)
        self.assertEqual(contact.normalise_phone("0086 13800138000", ""), MOBILE)

    def test_no_number(self):
        for text in (None, False, "", "   ", "n/a", "N/A", "-", "0", "12",
                     "call me", "x" * 100, "1" * 80, 13800138000):
            self.assertIsNone(contact.normalise_phone(text, "CN"), repr(text))
            self.assertEqual(contact.phone_search_keys(text, "CN"), [], repr(text))

    def test_search_keys(self):
        self.assertEqual(contact.phone_search_keys("138 0013 8000", "CN"), [MOBILE])
        self.assertEqual(
            contact.phone_search_keys("+86 138 0013 8000", "CN"), [MOBILE])
        # digits that also read as a valid foreign number offer both readings
        keys = contact.phone_search_keys("44 20 7946 0958", "CN")
        self.assertIn("+442079460958", keys)
        self.assertEqual(len(keys), len(set(keys)))

    def test_parts_for_masking(self):
        self.assertEqual(contact.phone_parts("+86 138 0013 8000", "CN"),
                         ("86", "13800138000"))
        self.assertEqual(contact.phone_parts("010-12345678", "CN"),
                         ("86", "1012345678"))
        self.assertIsNone(contact.phone_parts("n/a", "CN"))


class TestEmail(unittest.TestCase):

    def test_normalise(self):
        self.assertEqual(contact.normalise_email(" Zhang.San@Example.CN "),
                         "zhang.san@example.cn")
        self.assertEqual(contact.normalise_email("han @ example.com"),
                         "han@example.com")
        for text in (None, False, "", "   ", "\t\n"):
            self.assertIsNone(contact.normalise_email(text), repr(text))

    def test_is_email(self):
        self.assertTrue(contact.is_email("a@b.cn"))
        for text in ("", None, "a", "a@", "@b", "a b@c.d", "a@b@c"):
            self.assertFalse(contact.is_email(text), repr(text))


def load_tests(loader, tests, ignore):
    tests.addTests(doctest.DocTestSuite(contact))
    return tests
