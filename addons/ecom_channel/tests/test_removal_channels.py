"""Removal order of quants, move grouping, ordered-in channel search; no database."""
import collections
import unittest

from odoo.addons.ecom_channel.services import order_channels, removal


def quant(quant_id, in_date, source=1, product=5):
    # (id, product, location, lot, package, owner, qty, in_date, reserved, source)
    return (quant_id, product, 9, None, None, None, 10.0, in_date, 0.0, source)


class TestRemoval(unittest.TestCase):
    def test_fifo_and_lifo(self):
        rows = [quant(3, "2026-01-02"), quant(1, None), quant(2, "2026-01-01"),
                quant(4, "2026-01-01"), quant(7, "2026-01-01", product=6)]
        fifo = removal.quant_rows_by_key(list(rows), {(1, 5): "fifo"})
        # no in_date first, then oldest, ties by id; product 6 not wanted
        self.assertEqual([q[0] for q in fifo[(1, 5)]], [1, 2, 4, 3])
        self.assertNotIn((1, 6), fifo)
        lifo = removal.quant_rows_by_key(list(rows), {(1, 5): "lifo"})
        self.assertEqual([q[0] for q in lifo[(1, 5)]], [3, 4, 2, 1])
        self.assertTrue(removal.supported("fifo"))
        self.assertFalse(removal.supported("closest"))

    def test_group_moves_keeps_first_order(self):
        moves = ["a1", "b1", "a2", "c1"]
        self.assertEqual(removal.group_moves(moves, lambda m: m[0]),
                         [["a1", "a2"], ["b1"], ["c1"]])

    def test_quant_id_of(self):
        Quant = collections.namedtuple("Quant", "id key")
        quants = [Quant(4, ("L", None)), Quant(5, ("L", 2))]
        self.assertEqual(removal.quant_id_of(quants, ("L", 2)), 5)
        with self.assertRaises(KeyError):
            removal.quant_id_of(quants, ("X", None))


class TestOrderChannelSearch(unittest.TestCase):
    def test_never_ordered(self):
        self.assertEqual(order_channels.search_domain("=", False)[0][1],
                         "not inselect")
        self.assertEqual(order_channels.search_domain("!=", [])[0][1], "inselect")

    def test_by_channel_ids(self):
        field, operator, (query, params) = order_channels.search_domain("in", [3, 4])[0]
        self.assertEqual((field, operator, params), ("id", "inselect", [(3, 4)]))
        self.assertIn("r.channel_id IN %s", query)
        self.assertEqual(order_channels.search_domain("!=", 3)[0][2][1], [(3,)])
        self.assertEqual(order_channels.search_domain("not in", [3])[0][1],
                         "not inselect")

    def test_refused(self):
        for operator, value in (("ilike", [3]), ("=", "Tmall"), ("=", [3, "x"]),
                                ("=", True), ("in", None)):
            with self.assertRaises(order_channels.InvalidSearch):
                order_channels.search_domain(operator, value)

    def test_channels_by_partner(self):
        self.assertEqual(order_channels.channels_by_partner([(1, 3), (1, 4), (2, 3)]),
                         {1: [3, 4], 2: [3]})
