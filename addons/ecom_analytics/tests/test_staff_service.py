"""Staff performance arithmetic, without a database."""
import datetime
import unittest

from ..services import staff

T = datetime.datetime(2026, 3, 2, 9, 0)


def minutes(n):
    return T + datetime.timedelta(minutes=n)


class TestStaff(unittest.TestCase):
    def test_step_start(self):
        self.assertEqual(staff.step_start(minutes(30), minutes(20), minutes(5)),
                         minutes(5))
        # no explicit start: the previous step's end within the session gap
        self.assertEqual(staff.step_start(minutes(30), minutes(20)), minutes(20))
        # a long break: not timed
        self.assertIsNone(staff.step_start(minutes(90), minutes(20)))
        self.assertIsNone(staff.step_start(minutes(30), None))

    def test_bin_distance(self):
        self.assertEqual(staff.bin_distance("WH-A-01-01-A", "WH-A-01-01-A"), 0.0)
        # another level of the same rack
        self.assertEqual(staff.bin_distance("WH-A-01-01-A", "WH-A-01-01-B"), 3.0)
        # two racks apart in the same aisle
        self.assertEqual(staff.bin_distance("WH-A-01-01-A", "WH-A-01-03-A"), 12.0)
        # another zone
        self.assertEqual(staff.bin_distance("WH-A-01-01-A", "WH-B-01-01-A"), 60.0)
        self.assertEqual(staff.bin_distance(None, "WH-B-01-01-A"), 0.0)

    def test_expected_seconds(self):
        lines = [("WH-A-01-01-A", "a", 1.0), ("WH-A-01-01-B", "c", 3.0)]
        # A line 30 s + C line 55 s + 2 extra units x 2 s + one level 3 s
        self.assertEqual(staff.expected_seconds(lines), 30 + 55 + 4 + 3)
        self.assertEqual(staff.expected_seconds([]), 0.0)

    def test_kpis_against_team_median(self):
        rows = {
            ("d1", 1, "pick"): {"lines": 20, "units": 40, "orders": 0, "hours": 1.0,
                                "timed_lines": 20, "timed_units": 40,
                                "expected_hours": 1.0, "errors": 1},
            ("d1", 2, "pick"): {"lines": 10, "units": 10, "orders": 0, "hours": 1.0,
                                "timed_lines": 10, "timed_units": 10,
                                "expected_hours": 0.5, "errors": 0},
            ("d1", 3, "pick"): {"lines": 30, "units": 30, "orders": 0, "hours": 1.0,
                                "timed_lines": 30, "timed_units": 30,
                                "expected_hours": 1.5, "errors": 0},
            ("d1", 3, "ship"): {"lines": 5, "units": 5, "orders": 2, "hours": 0.0,
                                "timed_lines": 0, "timed_units": 0,
                                "expected_hours": 0.0, "errors": 0},
        }
        result = staff.kpis(rows)
        first = result[("d1", 1, "pick")]
        self.assertEqual(first.lines_per_hour, 20.0)
        self.assertEqual(first.units_per_hour, 40.0)
        self.assertEqual(first.team_median_lph, 20.0)
        self.assertEqual(first.vs_median_percent, 100.0)
        self.assertEqual(first.errors_per_1000, 50.0)
        self.assertEqual(result[("d1", 2, "pick")].vs_median_percent, 50.0)
        self.assertEqual(result[("d1", 3, "pick")].vs_expected_percent, 150.0)
        ship = result[("d1", 3, "ship")]
        self.assertEqual((ship.orders, ship.hours, ship.lines_per_hour), (2, 0.0, 0.0))

    def test_median(self):
        self.assertEqual(staff.median([3, 1, 2]), 2.0)
        self.assertEqual(staff.median([4, 1, 2, 3]), 2.5)
        self.assertEqual(staff.median([]), 0.0)

    def test_response_times(self):
        messages = [
            ("t1", minutes(0), None), ("t1", minutes(1), None),
            ("t1", minutes(30), 7), ("t1", minutes(40), 8),
            ("t2", minutes(5), 7),  # the agent wrote first: nothing to answer
            ("t3", minutes(10), None),  # never answered
        ]
        self.assertEqual(staff.response_times(messages), {"t1": (7, 1800.0)})
