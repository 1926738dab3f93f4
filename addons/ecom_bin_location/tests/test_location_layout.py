"""Structured codes, uniqueness per warehouse, barcode, fill and searches."""
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import BinCase


class TestLocationLayout(BinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.manager_env["stock.location"]
        cls.zone = Location.create({
            "name": "Zone Q", "ecom_kind": "zone", "ecom_code_part": "Q",
            "location_id": cls.stock.id})
        cls.aisle = Location.create({
            "name": "01", "ecom_kind": "aisle", "location_id": cls.zone.id})
        cls.rack = Location.create({
            "name": "03", "ecom_kind": "rack", "location_id": cls.aisle.id})
        cls.bin = Location.create({
            "name": "B", "ecom_kind": "bin", "location_id": cls.rack.id,
            "ecom_capacity_units": 10, "ecom_capacity_volume": 1.0})

    def test_code_from_parents(self):
        table = [
            (self.zone, "WH-Q"),
            (self.aisle, "WH-Q-01"),
            (self.rack, "WH-Q-01-03"),
            (self.bin, "WH-Q-01-03-B"),
        ]
        for location, code in table:
            self.assertEqual(location.ecom_code, code)
            self.assertEqual(location.barcode, code, "barcode defaults to the code")
            self.assertEqual(location.ecom_zone_id, self.zone)
            self.assertEqual(location.ecom_warehouse_id, self.warehouse)

    def test_renaming_a_parent_recodes_children(self):
        self.aisle.sudo(self.manager).write({"ecom_code_part": "07"})
        self.assertEqual(self.bin.ecom_code, "WH-Q-07-03-B")
        self.assertEqual(self.aisle.barcode, "WH-Q-07", "barcode follows the code")

    def test_code_unique_per_warehouse(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.manager_env["stock.location"].create({
                    "name": "B", "ecom_kind": "bin", "location_id": self.rack.id,
                    "barcode": "OTHER"})

    def test_bad_code_segment_names_the_field(self):
        with self.assertRaises(ValidationError) as ctx:
            self.bin.sudo(self.manager).write({"ecom_code_part": "B-1"})
        self.assertIn("Code Segment", ctx.exception.name)

    def test_operator_cannot_change_layout(self):
        with self.assertRaises(AccessError):
            self.bin.sudo(self.operator).write({"ecom_capacity_units": 99})

    def test_fill_and_searches(self):
        small = self._create_product("BINFILL1", volume=0.1)
        self._put_stock(small, self.bin, 5)
        as_operator = self.bin.sudo(self.operator)
        # 5 units of 10 -> 50 %; 0.5 m3 of 1 m3 -> 50 %
        self.assertAlmostEqual(as_operator.ecom_fill_percent, 50.0)
        self.assertAlmostEqual(as_operator.ecom_used_volume, 0.5)
        self.assertFalse(as_operator.ecom_over_capacity)
        Location = self.operator_env["stock.location"]
        self.assertNotIn(self.bin, Location.search([("ecom_is_empty", "=", True)]))
        self.assertIn(self.rack, Location.search([("ecom_is_empty", "=", True)]))
        self._put_stock(small, self.bin, 6)  # 11 of 10 units
        self.bin.invalidate_cache()
        self.assertTrue(self.bin.sudo(self.operator).ecom_over_capacity)
        self.assertEqual(
            Location.search([("ecom_over_capacity", "=", True),
                             ("ecom_zone_id", "=", self.zone.id)]), self.bin)
        self.assertNotIn(
            self.bin, Location.search([("ecom_over_capacity", "=", False)]))

    def test_fill_of_many_bins_in_one_query(self):
        bins = self.env["stock.location"]
        for i in range(5):
            bins |= self.manager_env["stock.location"].create({
                "name": "X%d" % i, "ecom_kind": "bin", "location_id": self.rack.id,
                "ecom_capacity_units": 4})
        product = self._create_product("BINFILL2")
        for i, location in enumerate(bins):
            self._put_stock(product, location, i)
        bins = bins.sudo(self.operator)

        def count_queries(records):
            records.invalidate_cache()
            before = self.env.cr.sql_log_count
            fills = records.mapped("ecom_fill_percent")
            return fills, self.env.cr.sql_log_count - before

        count_queries(bins[:1])  # warm the access-rule caches
        _fills, queries_for_2 = count_queries(bins[:2])
        fills, queries_for_5 = count_queries(bins)
        self.assertEqual(fills, [0.0, 25.0, 50.0, 75.0, 100.0])
        self.assertEqual(queries_for_5, queries_for_2, "no query per record")
