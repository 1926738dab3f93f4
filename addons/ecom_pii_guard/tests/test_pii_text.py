"""Known customer values masked inside free text; pure Python, no database."""
import unittest

from ..services.pii_text import TextMasker

ZHANG = {"name": "Canaryname Zhangxiaosan", "email": "canary.mail.7731@example.com",
         "phone": "+86 138 7731 0001", "mobile": "13977310002",
         "street": "Canarystreet 7731", "street2": False, "vat": "CN7731CANARY"}
LI = {"name": "李小龙", "phone": "021-5555 1234"}


class TestTextMasker(unittest.TestCase):
    def test_hidden_level_masks_names_and_contact_values(self):
        masker = TextMasker([ZHANG, LI])
        cases = [
            # (text, masked)
            ("Called Canaryname Zhangxiaosan about delivery",
             "Called C********* Z*********** about delivery"),
            ("called canaryname zhangxiaosan", "called C********* Z***********"),
            ("Mr Zhangxiaosan agreed", "Mr Z*********** agreed"),
            ("phone 138-7731-0001 or 13877310001", "phone 138****0001 or 138****0001"),
            ("mobile 139 7731 0002", "mobile 139****0002"),
            ("mail CANARY.MAIL.7731@example.com", "mail c***@example.com"),
            ("to Canarystreet 7731, gate 2", "to C*********** ****, gate 2"),
            ("VAT CN7731CANARY", "VAT CN********RY"),
            ("李小龙说放门口", "李*龙说放门口"),
            ("小龙说放门口", "**说放门口"),
            ("tel 02155551234", "tel 021****1234"),
            # not the customer's: unchanged
            ("Zhangxiaosanvendor and 13877310001999 stay", "Zhangxiaosanvendor and "
             "13877310001999 stay"),
            ("", ""),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(masker(text), expected)
        self.assertIsNone(masker(None))
        self.assertIs(masker(False), False)

    def test_masked_level_keeps_names(self):
        masker = TextMasker([ZHANG], level="masked")
        self.assertEqual(
            masker("Canaryname Zhangxiaosan, 13877310001, CN7731CANARY"),
            "Canaryname Zhangxiaosan, 138****0001, CN********RY")

    def test_words_are_case_sensitive_and_whole(self):
        masker = TextMasker([{"name": "Will Summers"}])
        self.assertEqual(masker("We will call Will today, Summers too"),
                         "We will call W*** today, S****** too")
        self.assertEqual(masker("Willow"), "Willow")

    def test_short_values_are_left_alone(self):
        masker = TextMasker([{"name": "Bo", "phone": "12345", "street": "A1"}])
        self.assertFalse(masker)
        self.assertEqual(masker("Bo at A1, 12345"), "Bo at A1, 12345")

    def test_html_variants(self):
        masker = TextMasker(
            [{"name": "O'Brien & Sons Ltd", "street": "Rue <Haute> 5"}])
        text = ("<p title=\"O&#x27;Brien &amp; Sons Ltd\">"
                "O&#x27;Brien &amp; Sons Ltd, Rue &lt;Haute&gt; 5</p>")
        masked = masker.html(text)
        self.assertNotIn("Brien", masked)
        self.assertNotIn("Haute", masked)
        self.assertTrue(masked.startswith("<p title=\""), masked)
