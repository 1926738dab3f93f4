"""ABC classes and due dates without a database."""
import datetime
import unittest

from ..services import abc


class TestAbc(unittest.TestCase):
    def test_classify_table(self):
        table = [
            # values, (a_share, b_share), expected
            ({"p1": 70, "p2": 20, "p3": 6, "p4": 4}, (0.8, 0.95),
             {"p1": "a", "p2": "a", "p3": "b", "p4": "c"}),
            ({"p1": 50, "p2": 50}, (0.5, 0.9), {"p1": "a", "p2": "b"}),
            # did not move -> C
            ({"p1": 10, "p2": 0}, (0.8, 0.95), {"p1": "a", "p2": "c"}),
            ({"p1": 0}, (0.8, 0.95), {"p1": "c"}),
            ({}, (0.8, 0.95), {}),
        ]
        for values, (a_share, b_share), expected in table:
            self.assertEqual(abc.classify(values, a_share, b_share), expected, values)

    def test_bad_thresholds_name_the_field(self):
        table = [(0, 0.9, "abc_a_share"), (1.2, 1, "abc_a_share"),
                 (0.8, 0.5, "abc_b_share"), (0.8, 1.5, "abc_b_share")]
        for a_share, b_share, field in table:
            with self.assertRaises(abc.AbcError) as ctx:
                abc.classify({"p": 1}, a_share, b_share)
            self.assertEqual(ctx.exception.field, field)

    def test_is_due(self):
        today = datetime.date(2026, 6, 30)
        table = [
            (None, 30, True),
            (datetime.date(2026, 6, 1), 30, False),
            (datetime.date(2026, 5, 31), 30, True),
            (datetime.date(2026, 1, 1), 365, False),
            (None, 0, False),
        ]
        for last, interval, expected in table:
            self.assertEqual(abc.is_due(last, interval, today), expected,
                             (last, interval))
