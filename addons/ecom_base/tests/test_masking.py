"""Masking rules, table-driven; pure Python, no database."""
import unittest

from ..services import masking

CASES = [
    # (function, input, expected)
    (masking.mask_name, "张小三", "张*三"),
    (masking.mask_name, "张三", "张*"),
    (masking.mask_name, "欧阳小明", "欧**明"),
    (masking.mask_name, "王", "*"),
    (masking.mask_name, "John Doe", "J*** D**"),
    (masking.mask_name, "  Ann  ", "A**"),
    (masking.mask_name, "Li 娜娜", "L* 娜*"),
    (masking.mask_name, False, ""),
    (masking.mask_name, None, ""),
    (masking.mask_phone, "13812341234", "138****1234"),
    (masking.mask_phone, "138 1234 1234", "138****1234"),
    (masking.mask_phone, "+86 13812341234", "+86 138****1234"),
    (masking.mask_phone, "+8613812341234", "+86 138****1234"),
    (masking.mask_phone, "010-12345678", "010****5678"),
    (masking.mask_phone, "5551234", "55***34"),
    (masking.mask_phone, "12345", "***45"),
    (masking.mask_phone, "n/a", "****"),
    (masking.mask_phone, "", ""),
    (masking.mask_email, "john@example.com", "j***@example.com"),
    (masking.mask_email, "a@b.cn", "a***@b.cn"),
    (masking.mask_email, "张三@例子.中国", "张***@例子.中国"),
    (masking.mask_email, "not-an-email", "n***"),
    (masking.mask_email, None, ""),
    (masking.mask_address, "北京市朝阳区建国路88号", "北京市朝阳区****"),
    (masking.mask_address, "上海市浦东新区世纪大道100号", "上海市浦东新区****"),
    (masking.mask_address, "建国路88号", "建国****"),
    (masking.mask_address, "221B Baker Street", "**** B**** S*****"),
    (masking.mask_address, "", ""),
    (masking.mask_zip, "100020", "10****"),
    (masking.mask_zip, "W1U", "***"),
    (masking.mask_city, "Shanghai", "S*******"),
    (masking.mask_city, "上海", "上*"),
    (masking.mask_identifier, "110101199003077777", "11**************77"),
    (masking.mask_identifier, "DE 123", "*****"),
]


class TestMasking(unittest.TestCase):
    def test_table(self):
        for func, value, expected in CASES:
            with self.subTest(func=func.__name__, value=value):
                self.assertEqual(func(value), expected)

    def test_mask_never_contains_hidden_part(self):
        """The masked middle of a phone and the local part of an e-mail never leak."""
        self.assertNotIn("1234 1", masking.mask_phone("138 1234 1234"))
        self.assertNotIn("ohn", masking.mask_email("john@example.com"))
        self.assertNotIn("小", masking.mask_name("张小三"))
        self.assertNotIn("建国路", masking.mask_address("北京市朝阳区建国路88号"))

    def test_mask_field_dispatch(self):
        self.assertEqual(masking.mask_field("mobile", "13812341234"), "138****1234")
        self.assertEqual(
            masking.mask_field("street", "221B Baker Street"), "**** B**** S*****"
        )
        # Unknown fields are hidden completely, never passed through.
        self.assertEqual(masking.mask_field("comment", "secret note"), "****")
        self.assertEqual(masking.mask_field("comment", False), "")

    def test_masked_label(self):
        self.assertEqual(masking.masked_label("张小三", "SO042"), "张*三 · SO042")
        self.assertEqual(masking.masked_label("John Doe"), "J*** D**")
        self.assertEqual(masking.masked_label(False, "SO042"), "*** · SO042")
