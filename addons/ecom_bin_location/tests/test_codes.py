"""Codes, naming patterns, grid plans and nested sets, without a database."""
import unittest

from ..services import codes

LEVELS = [
    ("aisle", 2, "{n:02d}", "aisle_count"),
    ("rack", 2, "{n:02d}", "rack_count"),
    ("shelf", 0, "{n:02d}", "shelf_count"),
    ("bin", 2, "{a}", "bin_count"),
]


class TestCodes(unittest.TestCase):
    def test_build_code(self):
        table = [
            # parent code, part, expected
            ("WH-A-01", "03", "WH-A-01-03"),
            ("WH", "A", "WH-A"),
            (False, "A", "A"),
            ("WH-A", "  B ", "WH-A-B"),
            ("WH-A", "", "WH-A"),
        ]
        for parent, part, expected in table:
            self.assertEqual(codes.build_code(parent, part), expected, (parent, part))

    def test_format_segment(self):
        table = [
            ("{n:02d}", 3, "03"),
            ("{n}", 12, "12"),
            ("{a}", 1, "A"),
            ("{a}", 26, "Z"),
            ("{a}", 27, "AA"),
            ("R{n:03d}", 7, "R007"),
        ]
        for pattern, number, expected in table:
            self.assertEqual(codes.format_segment(pattern, number), expected)

    def test_bad_patterns_name_the_field(self):
        for pattern in ("{x}", "{n:zz}", "  ", "{n}-{a}", "{n}/"):
            with self.assertRaises(codes.CodeError) as ctx:
                codes.format_segment(pattern, 1, "rack_pattern")
            self.assertEqual(ctx.exception.field, "rack_pattern")
            self.assertIn("rack_pattern", str(ctx.exception))


class TestPlanGrid(unittest.TestCase):
    def test_full_plan_parents_first(self):
        plan = codes.plan_grid("WH-A", LEVELS)
        # zone + 2 aisles + 4 racks + 8 bins (shelves skipped)
        self.assertEqual(len(plan), 1 + 2 + 4 + 8)
        self.assertEqual(plan[0]["code"], "WH-A")
        self.assertEqual(plan[0]["kind"], "zone")
        seen = set()
        for node in plan:
            if node["parent_code"]:
                self.assertIn(node["parent_code"], seen)
            seen.add(node["code"])
        bins = [n["code"] for n in plan if n["kind"] == "bin"]
        self.assertEqual(bins[:3], ["WH-A-01-01-A", "WH-A-01-01-B", "WH-A-01-02-A"])

    def test_regenerating_is_idempotent(self):
        first = codes.plan_grid("WH-A", LEVELS)
        existing = {n["code"] for n in first}
        self.assertEqual(codes.plan_grid("WH-A", LEVELS, existing), [])

    def test_growing_grid_only_adds_missing(self):
        existing = {n["code"] for n in codes.plan_grid("WH-A", LEVELS)}
        bigger = [("aisle", 3, "{n:02d}", "aisle_count")] + LEVELS[1:]
        plan = codes.plan_grid("WH-A", bigger, existing)
        # one new aisle, its 2 racks and 4 bins
        self.assertEqual([n["code"] for n in plan][:3],
                         ["WH-A-03", "WH-A-03-01", "WH-A-03-02"])
        self.assertEqual(len(plan), 1 + 2 + 4)
        self.assertFalse(existing & {n["code"] for n in plan})

    def test_bad_input(self):
        table = [
            ("", LEVELS, "zone_code"),
            ("WH-A", LEVELS[:3], "bin_count"),
            ("WH-A", [("aisle", -1, "{n}", "aisle_count")] + LEVELS[1:],
             "aisle_count"),
            ("WH-A", [("aisle", 2, "X", "aisle_pattern")] + LEVELS[1:],
             "aisle_pattern"),
        ]
        for zone, levels, field in table:
            with self.assertRaises(codes.CodeError) as ctx:
                codes.plan_grid(zone, levels)
            self.assertEqual(ctx.exception.field, field)


class TestNestedSet(unittest.TestCase):
    def test_numbers(self):
        children = {1: [2, 3], 2: [4]}
        self.assertEqual(codes.nested_set(1, children, 10), {
            1: (10, 17), 2: (11, 14), 4: (12, 13), 3: (15, 16)})

    def test_wide_and_deep(self):
        children = {i: [i + 1] for i in range(5000)}
        result = codes.nested_set(0, children, 0)
        self.assertEqual(result[0], (0, 10001))
        self.assertEqual(result[5000], (5000, 5001))
