"""The grid generator: codes, nested set, idempotence, access."""
from odoo.exceptions import AccessError, UserError

from .common import BinCase


class TestGenerator(BinCase):
    def _check_nested_set(self):
        """Every location lies strictly inside its parent's left/right range."""
        self.env.cr.execute("""
            SELECT c.id FROM stock_location c JOIN stock_location p
              ON p.id = c.location_id
             WHERE NOT (p.parent_left < c.parent_left
                        AND c.parent_right < p.parent_right
                        AND c.parent_left < c.parent_right)
        """)
        self.assertEqual(self.env.cr.fetchall(), [])
        self.env.cr.execute("""
            SELECT COUNT(*), COUNT(DISTINCT parent_left), COUNT(DISTINCT parent_right)
              FROM stock_location""")
        total, lefts, rights = self.env.cr.fetchone()
        self.assertEqual((lefts, rights), (total, total), "numbers are unique")

    def test_grid_codes_and_counts(self):
        wizard = self._generate("G", aisles=2, racks=3, shelves=2, bins=2,
                                capacity=10)
        # 1 zone + 2 aisles + 6 racks + 12 shelves + 24 bins
        self.assertEqual(wizard.created_count, 45)
        self.assertEqual(wizard.bin_created_count, 24)
        bins = self._bins(wizard.zone_id)
        self.assertEqual(len(bins), 24)
        self.assertEqual(bins[0].ecom_code, "WH-G-01-01-01-A")
        self.assertEqual(bins[-1].ecom_code, "WH-G-02-03-02-B")
        self.assertEqual(bins[0].barcode, bins[0].ecom_code)
        self.assertEqual(bins[0].complete_name,
                         "%s/G/01/01/01/A" % self.stock.complete_name)
        self.assertEqual(set(bins.mapped("ecom_capacity_units")), {10.0})
        self._check_nested_set()
        # child_of (parent_left/right) finds exactly the generated subtree
        subtree = self.env["stock.location"].search(
            [("id", "child_of", wizard.zone_id.id)])
        self.assertEqual(len(subtree), 45)
        self.assertIn(bins[0], self.env["stock.location"].search(
            [("id", "child_of", self.warehouse.view_location_id.id)]))

    def test_regenerating_does_not_duplicate(self):
        first = self._generate("R", aisles=2, racks=2, bins=3)
        again = self._generate("R", aisles=2, racks=2, bins=3)
        self.assertEqual(again.created_count, 0)
        self.assertEqual(again.existing_count, first.created_count)
        grown = self._generate("R", aisles=3, racks=2, bins=3)
        self.assertEqual(grown.created_count, 1 + 2 + 6)
        self.assertEqual(len(self._bins(first.zone_id)), 18)
        self._check_nested_set()

    def test_orm_create_after_generation_keeps_tree_valid(self):
        wizard = self._generate("O", aisles=1, racks=2, bins=2)
        rack = self.env["stock.location"].search(
            [("ecom_code", "=", "WH-O-01-02")])
        extra = self.manager_env["stock.location"].create({
            "name": "Z", "ecom_kind": "bin", "location_id": rack.id})
        self.assertEqual(extra.ecom_code, "WH-O-01-02-Z")
        self.assertEqual(extra.ecom_zone_id, wizard.zone_id)
        self._check_nested_set()

    def test_naming_patterns(self):
        wizard = self._generate("P", aisles=1, racks=1, bins=2,
                                aisle_pattern="A{n}", rack_pattern="{n:03d}",
                                bin_pattern="{n}")
        self.assertEqual(self._bins(wizard.zone_id).mapped("ecom_code"),
                         ["WH-P-A1-001-1", "WH-P-A1-001-2"])

    def test_bad_input_names_the_field_and_writes_nothing(self):
        count = self.env["stock.location"].search_count([])
        with self.assertRaises(UserError) as ctx:
            self._generate("B", bin_pattern="{x}")
        self.assertIn("Bin Pattern", ctx.exception.name)
        with self.assertRaises(UserError) as ctx:
            self._generate("B-1")
        self.assertIn("Zone Code", ctx.exception.name)
        self.assertEqual(self.env["stock.location"].search_count([]), count)

    def test_operator_cannot_generate(self):
        wizard = self.operator_env["ecom.bin.generator"].create({
            "warehouse_id": self.warehouse.id, "zone_code": "N"})
        with self.assertRaises(AccessError):
            wizard.action_generate()
