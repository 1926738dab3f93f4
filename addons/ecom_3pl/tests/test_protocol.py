"""Signatures, hashes and backoff of the wire protocol, without a database."""
import unittest

from ..services import protocol


class TestSignature(unittest.TestCase):
    body = b'{"messages":[]}'

    def test_signed_body_verifies(self):
        headers = protocol.sign("s3cret", self.body, timestamp=1000)
        self.assertIsNone(protocol.verify("s3cret", self.body, headers, now=1010))

    def test_refusals(self):
        headers = protocol.sign("s3cret", self.body, timestamp=1000)
        table = [
            ("other secret", "wrong", self.body, headers, 1000, "signature_invalid"),
            ("body changed", "s3cret", b'{"messages":[1]}', headers, 1000,
             "signature_invalid"),
            ("replayed late", "s3cret", self.body, headers, 1000 + 301,
             "timestamp_invalid"),
            ("unsigned", "s3cret", self.body, {}, 1000, "signature_missing"),
            ("no secret configured", "", self.body, headers, 1000,
             "signature_missing"),
            ("timestamp not a number", "s3cret", self.body,
             dict(headers, **{protocol.TIMESTAMP_HEADER: "x"}), 1000,
             "timestamp_invalid"),
        ]
        for name, secret, body, hdrs, now, code in table:
            with self.subTest(name):
                self.assertEqual(protocol.verify(secret, body, hdrs, now=now), code)

    def test_lowercase_headers(self):
        headers = {k.lower(): v for k, v in
                   protocol.sign("k", self.body, timestamp=5).items()}
        self.assertIsNone(protocol.verify("k", self.body, headers, now=5))


class TestHashAndBackoff(unittest.TestCase):
    def test_hash_ignores_key_order(self):
        self.assertEqual(protocol.payload_hash({"a": 1, "b": [1, 2]}),
                         protocol.payload_hash({"b": [1, 2], "a": 1}))
        self.assertNotEqual(protocol.payload_hash({"a": 1}),
                            protocol.payload_hash({"a": 2}))

    def test_backoff_doubles_and_caps(self):
        # attempts 1..5 with base 10: 10, 20, 40, 80, 160; capped at 100
        self.assertEqual([protocol.backoff_seconds(n, 10) for n in range(1, 6)],
                         [10, 20, 40, 80, 160])
        self.assertEqual(protocol.backoff_seconds(10, 10, cap=100), 100)
        self.assertEqual(protocol.backoff_seconds(0, 10), 0)
