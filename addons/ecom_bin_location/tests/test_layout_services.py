"""Layout, putaway glue, cycle-count and generator helpers without a
database (services/codes.py, putaway.py, abc.py, counts.py, queries.py)."""
import datetime
import unittest

from ..services import abc, codes, counts, putaway, queries

D = datetime.date


class TestLayoutCodes(unittest.TestCase):
    def test_node_code(self):
        table = [
            # kind, part, name, parent code, warehouse code, expected
            ("zone", "A", "Zone A", "WH-X", "WH", "WH-A"),   # zone: under WH
            ("aisle", "01", "Aisle", "WH-A", "WH", "WH-A-01"),
            ("aisle", False, "07", "WH-A", "WH", "WH-A-07"),  # name as segment
            ("rack", "02", "R", False, "WH", "WH-02"),       # parent uncoded
            ("rack", "02", "R", False, False, "02"),
            (False, "02", "R", "WH-A", "WH", False),         # not located
        ]
        for kind, part, name, parent, warehouse, expected in table:
            self.assertEqual(codes.node_code(kind, part, name, parent, warehouse),
                             expected, (kind, part, name))

    def test_code_part_is_valid(self):
        for part, valid in [("A1", True), (False, True), ("A-1", False),
                            ("A/1", False)]:
            self.assertEqual(codes.code_part_is_valid(part), valid, part)

    def test_labels_after_write(self):
        rows = [
            (1, "WH-A", "WH-B", "WH-A"),   # followed its code: follows it
            (2, None, "WH-C", False),      # coded, no barcode: gets its code
            (3, None, "WH-D", "CUSTOM"),   # own barcode: kept
            (4, "WH-E", "WH-E", "WH-E"),   # code unchanged
            (5, None, False, False),       # not located
        ]
        # followers first: the code a follower frees may be the next one's
        self.assertEqual(codes.labels_after_write(rows), [(1, "WH-B"), (2, "WH-C")])
        self.assertEqual(codes.labels_after_write(
            [(6, None, "WH-A", False), (1, "WH-A", "WH-B", "WH-A")]),
            [(1, "WH-B"), (6, "WH-A")])

    def test_check_zone_code(self):
        self.assertEqual(codes.check_zone_code("  B2 "), "B2")
        for bad in ("", None, "A-1", "Ä", "A B"):
            with self.assertRaises(codes.CodeError):
                codes.check_zone_code(bad)

    def test_below_pattern(self):
        self.assertEqual(codes.below_pattern("WH-A"), "WH-A-%")
        self.assertEqual(codes.below_pattern("W_H%"), "W\\_H\\%-%")

    def test_zone_code_of(self):
        self.assertEqual(codes.zone_code_of("WH-A-01-02-C", "WH"), "WH-A")
        self.assertEqual(codes.zone_code_of("WH-A", "WH"), "WH-A")

    def test_chunks_by_depth(self):
        plan = codes.plan_grid("WH-A", [("aisle", 2, "{n}", "a"),
                                        ("bin", 3, "{a}", "b")])
        chunks = list(codes.chunks_by_depth(plan, 4))
        self.assertEqual([len(c) for c in chunks], [1, 2, 4, 2])
        for chunk in chunks:
            self.assertEqual(len({n["code"].count("-") for n in chunk}), 1)

    def test_node_position_and_name(self):
        self.assertEqual(codes.node_position((1, 0, 0), "rack", 3), (1, 3, 0))
        self.assertEqual(codes.node_position((1, 3, 0), "shelf", 2), (1, 3, 2))
        self.assertEqual(codes.node_position((1, 3, 2), "bin", 5), (1, 3, 2))
        zone = {"kind": "zone", "part": "A"}
        self.assertEqual(codes.node_name(zone, " Fast movers "), "Fast movers")
        self.assertEqual(codes.node_name(zone, "  "), "A")
        self.assertEqual(codes.node_name({"kind": "bin", "part": "C"}, "X"), "C")

    def test_subtree_growth_and_children(self):
        # root numbered 10..11 (no child) gets 3 nodes: 8 numbers, 6 more
        self.assertEqual(codes.subtree_growth(3, 10, 11), 6)
        self.assertEqual(codes.subtree_growth(3, 10, 17), 0)
        children, count = codes.children_by_parent([(5, 1), (6, 5), (7, 1)])
        self.assertEqual((children, count), ({1: [5, 7], 5: [6]}, 3))
        numbers = codes.nested_set(1, children, 10)
        self.assertEqual(numbers[1], (10, 10 + 2 * count + 1))

    def test_walking_key(self):
        lines = [("WH-A-02", "WH/Stock/02", "P1", 3), (False, "WH/Stock", "P0", 2),
                 ("WH-A-01", "WH/Stock/01", False, 9), ("WH-A-01", "x", "A", 8)]
        ordered = sorted(lines, key=lambda row: codes.walking_key(*row))
        self.assertEqual([row[3] for row in ordered], [9, 8, 3, 2])


class TestPutawayGlue(unittest.TestCase):
    def test_fill_state(self):
        self.assertEqual(putaway.fill_state(5, 0.0, 10, 0), (50.0, False, False))
        self.assertEqual(putaway.fill_state(12, 0.0, 10, 0), (120.0, True, False))
        self.assertEqual(putaway.fill_state(0, 0.0, 0, 0), (0.0, False, True))

    def test_engine_lines_ignore_rules_of_another_warehouse(self):
        # WH1 stock 1..10 holds zone 2 (2..5) and bin 3; WH2 stock 20..30
        bounds = {1: (1, 10), 2: (2, 5), 3: (3, 4), 20: (20, 30)}
        rows = [(100, 5.0, 1, 3, 2, 0.1),    # receipt into WH1
                (101, 5.0, 20, 3, 2, 0.1),   # receipt into WH2: rules ignored
                (102, 1.0, 1, None, 99, 0.0)]  # unknown zone
        lines = putaway.engine_lines(rows, bounds)
        self.assertEqual(lines[0], putaway.Line(100, 5.0, 0.1, 3, 2))
        self.assertEqual((lines[1].fixed_bin_id, lines[1].zone_id), (False, False))
        self.assertEqual((lines[2].fixed_bin_id, lines[2].zone_id), (False, False))

    def test_reset_destinations(self):
        rows = [(1, 10, 31), (2, 10, 10), (3, None, 31), (4, 11, 32), (5, 10, 33)]
        self.assertEqual(putaway.reset_destinations(rows), {10: [1, 5], 11: [4]})

    def test_nothing_fits_summary(self):
        self.assertEqual(putaway.nothing_fits_summary(["Mug", "Bag", "Mug"]),
                         (3, "Bag, Mug"))


class TestCycleCountPlanning(unittest.TestCase):
    def test_due_classes(self):
        today = D(2026, 6, 1)
        last = {"a": D(2026, 5, 1), "b": D(2026, 5, 1), "c": None}
        intervals = {"a": 30, "b": 90, "c": 0}
        # A counted 31 days ago every 30: due; B not yet; C never counted
        # but interval 0 means never
        self.assertEqual(abc.due_classes(last, intervals, today), ["a"])
        self.assertEqual(abc.due_classes({}, {"a": 1, "b": 1, "c": 1}, today),
                         ["a", "b", "c"])

    def test_classes_to_open_and_intervals(self):
        self.assertEqual(abc.classes_to_open(["a", "c"], {"a"}), ["c"])
        self.assertIsNone(abc.negative_interval({"a": 0, "b": 1, "c": 2}))
        self.assertEqual(abc.negative_interval({"a": 1, "b": -1, "c": -2}), "b")

    def test_classify_products(self):
        # moved value: p1 70 x 1, p2 10 x 2, p3 6 x 1, p4 4 x 1, p5 did not move
        moved = {1: 70.0, 2: 10.0, 3: 6.0, 4: 4.0, 9: 50.0}
        costs = {1: 1.0, 2: 2.0, 3: 1.0, 4: 1.0, 5: 3.0}
        by_class, count = abc.classify_products(moved, costs, 0.8, 0.95)
        self.assertEqual({k: sorted(v) for k, v in by_class.items()},
                         {"a": [1, 2], "b": [3], "c": [4, 5]})
        self.assertEqual(count, {"a": 2, "b": 1, "c": 2})


class TestCounts(unittest.TestCase):
    def test_lines_of_class(self):
        lines = [{"product_id": 1}, {"product_id": 2}, {"product_id": 3}]
        class_of = {1: "a", 2: False, 3: "c"}
        # never classified counts as C
        self.assertEqual(counts.lines_of_class(lines, class_of, "c"),
                         [{"product_id": 2}, {"product_id": 3}])
        self.assertEqual(counts.lines_of_class(lines, class_of, False), lines)

    def test_discrepancy_and_summary(self):
        self.assertEqual(counts.discrepancy(10.0, 7.0, 2.5), {
            "ecom_book_qty": 10.0, "ecom_counted_qty": 7.0,
            "ecom_difference_qty": -3.0, "ecom_unit_cost": 2.5,
            "ecom_difference_value": -7.5})
        self.assertEqual(counts.summary([(-3.0, -7.5), (0.0, 0.0), (2.0, 4.0)]),
                         (2, -3.5))
        self.assertEqual(counts.summary([]), (0, 0))

    def test_queries_are_parametrised(self):
        self.assertIn("%(exclude)s", queries.PUTAWAY_BINS)
        self.assertEqual(queries.WRITE_PUTAWAY.count("%s"), 5)
