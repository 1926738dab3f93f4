"""Encryption engine, table-driven; pure Python, no database."""
import base64
import unittest

from ..services import crypto, keyring

KEY_A = "ka:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "kb:" + base64.b64encode(b"B" * 32).decode()
INDEX_KEY = "ix:" + base64.b64encode(b"I" * 32).decode()


def cipher(raw=KEY_A):
    return crypto.Cipher(crypto.parse_keys(raw))


def column(cipher_, field, items):
    """decrypt_column over [(res_id, stored)] of one res.partner field."""
    return cipher_.decrypt_column("res.partner", field, [i for i, _v in items],
                                  [v for _i, v in items])


class TestCipher(unittest.TestCase):
    def test_round_trip(self):
        c = cipher()
        for value in ["a@b.cn", "张三 北京市朝阳区建国路88号", "x" * 500, "+86 138"]:
            stored = c.encrypt(value, "res.partner", "email", 7)
            self.assertTrue(stored.startswith("ecg1:ka:"))
            self.assertNotIn(value, stored)
            self.assertEqual(c.decrypt(stored, "res.partner", "email", 7), value)

    def test_empty_stays_empty(self):
        c = cipher()
        for empty in (None, False, ""):
            self.assertIsNone(c.encrypt(empty, "res.partner", "email", 1))
            self.assertIsNone(c.decrypt(empty, "res.partner", "email", 1))

    def test_random_nonce(self):
        c = cipher()
        one = c.encrypt("same", "res.partner", "email", 1)
        two = c.encrypt("same", "res.partner", "email", 1)
        self.assertNotEqual(one, two)
        blob = base64.b64decode(one.split(":", 2)[2])
        self.assertEqual(len(blob), 12 + len("same") + 16)

    def test_aad_binds_record_field_model(self):
        c = cipher()
        stored = c.encrypt("secret@x.org", "res.partner", "email", 1)
        for model, field, res_id in [
            ("res.partner", "email", 2),      # copied to another record
            ("res.partner", "phone", 1),      # copied to another field
            ("res.users", "email", 1),        # another model
        ]:
            with self.assertRaises(crypto.DecryptionError) as ctx:
                c.decrypt(stored, model, field, res_id)
            self.assertIn("%s.%s of record %s" % (model, field, res_id),
                          str(ctx.exception))

    def test_flipped_byte_fails(self):
        c = cipher()
        stored = c.encrypt("secret@x.org", "res.partner", "email", 1)
        head, b64 = stored.rsplit(":", 1)
        blob = bytearray(base64.b64decode(b64))
        for pos in (0, 12, len(blob) - 1):  # nonce, ciphertext, tag
            flipped = bytearray(blob)
            flipped[pos] ^= 0x01
            tampered = head + ":" + base64.b64encode(bytes(flipped)).decode()
            with self.assertRaises(crypto.DecryptionError):
                c.decrypt(tampered, "res.partner", "email", 1)
        with self.assertRaises(crypto.DecryptionError):
            c.decrypt(head + ":not base64!", "res.partner", "email", 1)

    def test_wrong_or_missing_key_fails_cleanly(self):
        stored = cipher(KEY_A).encrypt("secret@x.org", "res.partner", "email", 1)
        # same key id, different key material
        wrong = crypto.Cipher([("ka", b"Z" * 32)])
        with self.assertRaises(crypto.DecryptionError) as ctx:
            wrong.decrypt(stored, "res.partner", "email", 1)
        self.assertNotIn("secret", str(ctx.exception))
        # key id not configured any more
        with self.assertRaises(crypto.DecryptionError) as ctx:
            cipher(KEY_B).decrypt(stored, "res.partner", "email", 1)
        self.assertIn("'ka'", str(ctx.exception))

    def test_rotation_old_key_still_decrypts_new_key_encrypts(self):
        old = cipher(KEY_A).encrypt("v", "res.partner", "vat", 3)
        both = cipher(KEY_B + "," + KEY_A)
        self.assertEqual(both.decrypt(old, "res.partner", "vat", 3), "v")
        self.assertEqual(crypto.key_id_of(both.encrypt("v", "res.partner", "vat", 3)),
                         "kb")

    def test_legacy_plaintext_passes_through(self):
        self.assertEqual(cipher().decrypt("plain", "res.partner", "street", 1), "plain")


class TestDecryptColumn(unittest.TestCase):
    """The batched read path returns or raises exactly what decrypt does."""

    def setUp(self):
        super().setUp()
        self.old = cipher(KEY_A)
        self.c = cipher(KEY_B + "," + KEY_A)

    def test_same_as_decrypt(self):
        items = [(1, self.c.encrypt("a@b.cn", "res.partner", "email", 1)),
                 (2, None), (3, False), (4, ""), (5, "legacy plain"),
                 (6, self.old.encrypt("old key", "res.partner", "email", 6)),
                 (7, self.c.encrypt("张三", "res.partner", "email", 7))]
        self.assertEqual(
            column(self.c, "email", items),
            [self.c.decrypt(stored, "res.partner", "email", res_id)
             for res_id, stored in items])
        self.assertEqual(column(self.c, "email", items),
                         ["a@b.cn", None, None, None, "legacy plain", "old key", "张三"])

    def test_any_bad_value_fails_and_names_its_record(self):
        good = [(n, self.c.encrypt("v%d" % n, "res.partner", "vat", n))
                for n in range(1, 6)]
        head, b64 = good[2][1].rsplit(":", 1)
        blob = bytearray(base64.b64decode(b64))
        blob[-1] ^= 0x01
        bad_values = [
            head + ":" + base64.b64encode(bytes(blob)).decode(),  # tag
            good[3][1],                       # another record's value
            good[2][1] + "!!!!",              # junk a lax decoder would skip
            good[2][1][:-4] + " " + good[2][1][-4:],
            head + ":" + b64[:20],            # truncated
            "ecg1:zz:" + b64,                 # key not configured
            "ecg1:kb",                        # no key separator
        ]
        for bad in bad_values:
            items = list(good)
            items[2] = (3, bad)
            with self.assertRaises(crypto.DecryptionError, msg=bad) as ctx:
                column(self.c, "vat", items)
            self.assertIn("res.partner.vat of record 3", str(ctx.exception))
        with self.assertRaises(crypto.DecryptionError):
            column(self.c, "phone", good)   # another field


class TestKeyParsing(unittest.TestCase):
    BAD = [
        # (raw, message part)
        ("", "is not set"),
        (None, "is not set"),
        ("nokid", "not 'kid:base64key'"),
        ("k:%%%", "not valid base64"),
        ("k:" + base64.b64encode(b"short").decode(), "must be 32 bytes, got 5"),
        (KEY_A + "," + KEY_A, "appears twice"),
        ("bad kid:" + base64.b64encode(b"A" * 32).decode(), "not 'kid:base64key'"),
    ]

    def test_bad_keys(self):
        for raw, message in self.BAD:
            with self.assertRaises(crypto.KeyConfigError) as ctx:
                crypto.parse_keys(raw)
            self.assertIn(message, str(ctx.exception), raw)
            self.assertNotIn(base64.b64encode(b"A" * 32).decode(), str(ctx.exception))

    def test_order_first_active(self):
        keys = crypto.parse_keys(KEY_B + ", " + KEY_A)
        self.assertEqual([kid for kid, _ in keys], ["kb", "ka"])

    def test_new_key_entry_parses(self):
        kid, key = crypto.parse_keys(crypto.new_key_entry("k1"))[0]
        self.assertEqual((kid, len(key)), ("k1", 32))

    def test_keyring_environment_wins_and_missing_is_an_error(self):
        conf = {"ecom_encryption_keys": KEY_A, "ecom_blind_index_key": INDEX_KEY}
        c, index = keyring.load(conf, {})
        self.assertEqual((c.active_kid, index.active_kid), ("ka", "ix"))
        c, index = keyring.load(conf, {"ECOM_ENCRYPTION_KEYS": KEY_B})
        self.assertEqual(c.active_kid, "kb")
        with self.assertRaises(crypto.KeyConfigError) as ctx:
            keyring.load({"ecom_encryption_keys": KEY_A}, {})
        self.assertIn("ecom_blind_index_key is not set", str(ctx.exception))
        with self.assertRaises(crypto.KeyConfigError) as ctx:
            keyring.load({"ecom_blind_index_key": INDEX_KEY}, {})
        self.assertIn("ecom_encryption_keys is not set", str(ctx.exception))
        with self.assertRaises(crypto.KeyConfigError):
            keyring.load({"ecom_encryption_keys": KEY_A,
                          "ecom_blind_index_key": KEY_A.replace("ka", "ix")}, {})


class TestBlindIndex(unittest.TestCase):
    NORMALISE = [
        # (field, value, default region (company country), normalised)
        ("email", "  John.Doe@Example.COM ", "", "john.doe@example.com"),
        ("email", "   ", "CN", ""),
        ("phone", "+49 (30) 1234-567", "", "+49301234567"),
        ("phone", "0049 30 1234567", "", "+49301234567"),
        ("phone", "030 1234567", "DE", "+49301234567"),
        ("mobile", "138 1234 1234", "CN", "+8613812341234"),
        ("mobile", "86 138 1234 1234", "CN", "+8613812341234"),
        ("phone", "(021) 1234 5678", "CN", "+862112345678"),
        ("phone", "n/a", "US", ""),
        ("vat", "de 123.456-789", "", "DE123456789"),
        ("street", "  Main   Street 1 ", "", "main street 1"),
    ]

    def test_normalise(self):
        for field, value, cc, expected in self.NORMALISE:
            self.assertEqual(crypto.normalize(field, value, cc), expected,
                             (field, value))

    def test_tokens(self):
        index = crypto.BlindIndex(crypto.parse_keys(INDEX_KEY))
        one = index.token("email", "A@b.cn")
        self.assertEqual(one, index.token("email", " a@B.CN "))
        self.assertTrue(one.startswith("ix:") and len(one) == 3 + 64)
        self.assertNotEqual(one, index.token("vat", "A@b.cn"))  # kinds separated
        self.assertEqual(index.token("phone", "+86 138 0013 8000", "CN"),
                         index.token("mobile", "13800138000", "CN"))
        # a value without searchable form: the no-form marker, found by nothing
        self.assertEqual(index.token("phone", "n/a", "CN"), "ix:-")
        self.assertEqual(index.token("email", "   "), "ix:-")
        self.assertEqual(index.tokens("phone", "n/a", "CN"), [])
        self.assertIsNone(index.token("phone", ""))
        self.assertIsNone(index.token("phone", None))
        rotated = crypto.BlindIndex(crypto.parse_keys(
            "iy:" + base64.b64encode(b"J" * 32).decode() + "," + INDEX_KEY))
        self.assertEqual(rotated.tokens("email", "a@b.cn")[1], one)
        self.assertNotEqual(rotated.token("email", "a@b.cn"), one)
