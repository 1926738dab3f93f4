"""Hash chain of audit rows, table-driven; pure Python, no database."""
import unittest

from ..services import audit_chain as ac


def _chain(payloads):
    rows, previous = [], ac.GENESIS
    for key, payload in enumerate(payloads, 1):
        digest = ac.chain_hash(previous, payload)
        rows.append((key, payload, previous, digest))
        previous = digest
    return rows


PAYLOADS = [
    {"user": 7, "kind": "reveal", "fields": "phone", "at": "2026-01-01 10:00:00"},
    {"user": 7, "kind": "label", "picking": 42, "at": "2026-01-01 10:01:00"},
    {"user": 8, "kind": "stock", "qty_before": 5.0, "qty_after": 3.0},
]


class TestCanonical(unittest.TestCase):
    def test_key_order_and_falsy_values_do_not_matter(self):
        cases = [
            ({"b": 1, "a": "x"}, {"a": "x", "b": 1}),
            ({"a": False}, {"a": None}),
            ({"q": 1.0}, {"q": 1.0000000001}),
            ({"n": "张三"}, {"n": "张三"}),
        ]
        for left, right in cases:
            self.assertEqual(ac.canonical(left), ac.canonical(right))

    def test_distinct_payloads_differ(self):
        self.assertNotEqual(ac.canonical({"a": 1}), ac.canonical({"a": "1"}))
        self.assertNotEqual(ac.canonical({"q": 1.0}), ac.canonical({"q": 1.5}))

    def test_non_ascii_kept_and_not_a_dict_refused(self):
        self.assertIn("张三", ac.canonical({"n": "张三"}))
        with self.assertRaises(TypeError):
            ac.canonical(["not", "a", "dict"])

    def test_bad_previous_hash_refused(self):
        for bad in ("", None, "abc"):
            with self.assertRaises(ValueError):
                ac.chain_hash(bad, {})


class TestVerify(unittest.TestCase):
    def test_intact_chain(self):
        self.assertIsNone(ac.verify(_chain(PAYLOADS)))
        self.assertIsNone(ac.verify([]))

    def test_tampering_reports_first_broken_link(self):
        def change_payload(rows):
            key, payload, prev, digest = rows[1]
            rows[1] = (key, dict(payload, picking=43), prev, digest)
            return rows

        def delete_row(rows):
            del rows[1]
            return rows

        def swap_rows(rows):
            rows[0], rows[1] = rows[1], rows[0]
            return rows

        def rehash_one_row(rows):
            # An attacker recomputes the hash of the row he changed: the next
            # row's stored previous hash no longer matches.
            key, payload, prev, _digest = rows[0]
            payload = dict(payload, fields="email")
            rows[0] = (key, payload, prev, ac.chain_hash(prev, payload))
            return rows

        cases = [
            (change_payload, (2, "hash")),
            (delete_row, (3, "previous_hash")),
            (swap_rows, (2, "previous_hash")),
            (rehash_one_row, (2, "previous_hash")),
        ]
        for tamper, expected in cases:
            with self.subTest(tamper=tamper.__name__):
                self.assertEqual(ac.verify(tamper(_chain(PAYLOADS))), expected)
