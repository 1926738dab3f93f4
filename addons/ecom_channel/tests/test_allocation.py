"""Batch reservation arithmetic (services/allocation.py), no database."""
import unittest

from odoo.addons.ecom_channel.services.allocation import Quant, reserve

STOCK, BIN_A, BIN_B = 12, 30, 31


class TestReserve(unittest.TestCase):

    def test_moves_served_in_order_until_stock_runs_out(self):
        # p1: 5 on hand; three orders want 2, 2, 2 -> 2, 2, 1
        quants = {1: [Quant(100, STOCK, 5.0, 0.0)]}
        result = reserve([("m1", 1, 2.0), ("m2", 1, 2.0), ("m3", 1, 2.0)],
                         quants, {1: 0.01})
        self.assertEqual(result.taken, {"m1": 2.0, "m2": 2.0, "m3": 1.0})
        self.assertEqual(result.quant_reserved, {100: 5.0})
        self.assertEqual(result.state("m1", 2.0, 0.01), "assigned")
        self.assertEqual(result.state("m3", 2.0, 0.01), "partially_available")
        self.assertEqual(quants[1][0].reserved, 5.0)

    def test_nothing_free_leaves_the_move_confirmed(self):
        quants = {1: [Quant(100, STOCK, 3.0, 3.0)]}
        result = reserve([("m1", 1, 1.0), ("m2", 2, 1.0)], quants,
                         {1: 0.01, 2: 0.01})
        self.assertEqual(result.lines, {})
        self.assertEqual(result.state("m1", 1.0, 0.01), "confirmed")
        self.assertEqual(result.state("m2", 1.0, 0.01), "confirmed")

    def test_quants_in_removal_order_one_line_per_location(self):
        # bin A holds two quants (two receipt dates), bin B one; need 7
        quants = {1: [Quant(1, BIN_A, 2.0, 0.0), Quant(2, BIN_A, 3.0, 1.0),
                      Quant(3, BIN_B, 10.0, 0.0)]}
        result = reserve([("m1", 1, 7.0)], quants, {1: 1.0})
        self.assertEqual(result.lines["m1"], [((BIN_A, None, None, None), 4.0),
                                              ((BIN_B, None, None, None), 3.0)])
        self.assertEqual(result.quant_reserved, {1: 2.0, 2: 2.0, 3: 3.0})

    def test_negative_quant_lowers_what_may_be_reserved(self):
        # +10 in bin A, -4 elsewhere (sold before it was received): 6 reservable
        quants = {1: [Quant(1, STOCK, -4.0, 0.0), Quant(2, BIN_A, 10.0, 0.0)]}
        result = reserve([("m1", 1, 8.0)], quants, {1: 1.0})
        self.assertEqual(result.taken, {"m1": 6.0})
        self.assertEqual(result.lines["m1"], [((BIN_A, None, None, None), 6.0)])

    def test_lot_package_and_owner_split_the_lines(self):
        quants = {1: [Quant(1, STOCK, 1.0, 0.0, lot_id=7),
                      Quant(2, STOCK, 1.0, 0.0, package_id=8),
                      Quant(3, STOCK, 1.0, 0.0, owner_id=9)]}
        result = reserve([("m1", 1, 3.0)], quants, {1: 1.0})
        self.assertEqual([key for key, _qty in result.lines["m1"]],
                         [(STOCK, 7, None, None), (STOCK, None, 8, None),
                          (STOCK, None, None, 9)])

    def test_rounding_of_the_unit(self):
        # 0.3 kg free in three quants of 0.1 (float noise), need 0.3 -> assigned
        quants = {1: [Quant(i, STOCK, 0.1, 0.0) for i in (1, 2, 3)]}
        result = reserve([("m1", 1, 0.3)], quants, {1: 0.001})
        self.assertEqual(result.state("m1", 0.3, 0.001), "assigned")
        self.assertEqual(result.lines["m1"], [((STOCK, None, None, None), 0.3)])

    def test_product_without_quants(self):
        result = reserve([("m1", 5, 2.0)], {}, {5: 1.0})
        self.assertEqual(result.taken, {})
        self.assertEqual(result.state("m1", 2.0, 1.0), "confirmed")
