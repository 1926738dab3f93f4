"""Putaway choice without a database: fixed bin, first fit, capacity, nothing fits."""
import unittest

from ..services import putaway
from ..services.putaway import Bin, Line

# Zone 1: bins A (10 units), B (10 units, 1 m3), C (unlimited, the default).
BINS = [
    Bin(11, "WH-Z-02", 1, 10, 0, 0, 0),
    Bin(10, "WH-Z-01", 1, 10, 1.0, 0, 0),
    Bin(12, "WH-Z-99", 1, 0, 0, 0, 0),
    Bin(20, "WH-F-01", 2, 5, 0, 4, 0),  # fixed bin holding 4 of 5
]
DEFAULTS = {1: 12}


def run(lines, bins=None, defaults=None):
    bins = BINS if bins is None else bins
    defaults = DEFAULTS if defaults is None else defaults
    return [(r.bin_id, r.reason) for r in putaway.choose_bins(lines, bins, defaults)]


class TestPutaway(unittest.TestCase):
    def test_table(self):
        table = [
            # lines, expected [(bin, reason)]
            ([Line("l1", 1, 0, 20, 1)], [(20, putaway.FIXED)]),
            # fixed bin full (4 + 2 > 5): first fit in code order -> WH-Z-01
            ([Line("l1", 2, 0, 20, 1)], [(10, putaway.FIRST_FIT)]),
            ([Line("l1", 10, 0, False, 1)], [(10, putaway.FIRST_FIT)]),
            # volume: 5 x 0.3 m3 = 1.5 > 1 m3 of WH-Z-01 -> WH-Z-02
            ([Line("l1", 5, 0.3, False, 1)], [(11, putaway.FIRST_FIT)]),
            # too big for any sized bin -> zone default
            ([Line("l1", 11, 0, False, 1)], [(12, putaway.ZONE_DEFAULT)]),
            ([Line("l1", 1, 0, False, False)], [(False, putaway.UNMANAGED)]),
            # capacity is consumed across the lines of one run
            ([Line("l1", 6, 0, False, 1), Line("l2", 6, 0, False, 1),
              Line("l3", 6, 0, False, 1)],
             [(10, putaway.FIRST_FIT), (11, putaway.FIRST_FIT),
              (12, putaway.ZONE_DEFAULT)]),
        ]
        for lines, expected in table:
            self.assertEqual(run(lines), expected, lines)

    def test_nothing_fits_without_default(self):
        lines = [Line("l1", 11, 0, False, 1)]
        sized = [b for b in BINS if b.id != 12]
        self.assertEqual(run(lines, sized, defaults={}),
                         [(False, putaway.NOTHING_FITS)])
        # the default bin is used only when the line fits there
        full_default = sized + [Bin(12, "WH-Z-99", 1, 5, 0, 0, 0)]
        self.assertEqual(run(lines, full_default), [(False, putaway.NOTHING_FITS)])

    def test_never_over_capacity(self):
        lines = [Line(i, 3, 0.1, False, 1) for i in range(20)]
        results = putaway.choose_bins(lines, BINS[:2], {})
        loads = {}
        for line, result in zip(lines, results):
            if result.bin_id:
                loads[result.bin_id] = loads.get(result.bin_id, 0) + line.qty
        self.assertEqual(loads, {10: 9, 11: 9})
        failed = [r for r in results if r.reason == putaway.NOTHING_FITS]
        self.assertEqual(len(failed), 14)

    def test_existing_stock_counts(self):
        bins = [Bin(1, "A", 1, 10, 0, 8, 0), Bin(2, "B", 1, 10, 0, 0, 0)]
        self.assertEqual(run([Line("x", 3, 0, False, 1)], bins, {}),
                         [(2, putaway.FIRST_FIT)])

    def test_fill_ratio(self):
        table = [
            ((5, 0, 10, 0), 0.5),
            ((5, 0.9, 10, 1.0), 0.9),
            ((12, 0, 10, 0), 1.2),
            ((5, 1, 0, 0), 0.0),
        ]
        for args, expected in table:
            self.assertAlmostEqual(putaway.fill_ratio(*args), expected)
