"""Listing quantities to advertise (services/stock.py), no database."""
import unittest

from odoo.addons.ecom_listing.services.stock import Listing, Policy, available

CHANNEL_ALL = Policy("channel", 100.0, 0.0, 0.0, 0.0)
FOLLOW = Policy("channel", 0, 0, 0, 0)
TEA, MUG, TRAY = 1, 2, 3


class TestAvailable(unittest.TestCase):

    def test_bundle_is_min_of_floor_per_component(self):
        # tea 10 free, mug 7 free; gift box = 1 tea + 2 mugs -> min(10, 3) = 3
        box = Listing("box", {TEA: 1, MUG: 2}, FOLLOW, True)
        self.assertEqual(available([box], {TEA: 10, MUG: 7}, CHANNEL_ALL),
                         {"box": 3})

    def test_channel_policy_per_component_then_cap(self):
        # channel: buffer 2, share 50 %, cap 2 per item
        channel = Policy("channel", 50.0, 2.0, 2.0, 0.0)
        box = Listing("box", {TEA: 1, MUG: 2}, FOLLOW, True)
        pack = Listing("pack", {MUG: 6}, FOLLOW, True)
        # tea (20-2)*.5 = 9, mug (30-2)*.5 = 14 -> box min(9, 7) = 7 -> cap 2
        # pack 14 / 6 = 2
        self.assertEqual(available([box, pack], {TEA: 20, MUG: 30}, channel),
                         {"box": 2, "pack": 2})

    def test_custom_policy_replaces_channel_in_listing_units(self):
        channel = Policy("channel", 10.0, 5.0, 0.0, 0.0)
        # own: keep 1 pack back, offer 50 %, at most 3
        pack = Listing("pack", {MUG: 6}, Policy("custom", 50.0, 1.0, 3.0, 0.0), True)
        # 61 mugs -> 10 packs -> (10 - 1) * 50 % = 4 -> cap 3
        self.assertEqual(available([pack], {MUG: 61}, channel), {"pack": 3})
        pack = pack._replace(policy=Policy("custom", 50.0, 1.0, 0.0, 0.0))
        self.assertEqual(available([pack], {MUG: 61}, channel), {"pack": 4})

    def test_fixed_quantity_whatever_the_stock(self):
        pre = Listing("pre", {TRAY: 1}, Policy("fixed", 0, 0, 0, 25.0), True)
        self.assertEqual(available([pre], {}, CHANNEL_ALL), {"pre": 25})

    def test_invalid_or_empty_listing_exports_zero(self):
        bad = Listing("bad", {TEA: 1}, FOLLOW, False)
        empty = Listing("empty", {}, FOLLOW, True)
        self.assertEqual(available([bad, empty], {TEA: 50}, CHANNEL_ALL),
                         {"bad": 0, "empty": 0})

    def test_shared_components_each_listing_sees_all_free_stock(self):
        # mug 12 free: the single mug, the gift box and the 6-pack each may sell
        # what is free (not reserved per listing)
        single = Listing("single", {MUG: 1}, FOLLOW, True)
        box = Listing("box", {TEA: 1, MUG: 2}, FOLLOW, True)
        pack = Listing("pack", {MUG: 6}, FOLLOW, True)
        result = available([single, box, pack], {TEA: 100, MUG: 12}, CHANNEL_ALL)
        self.assertEqual(result, {"single": 12, "box": 6, "pack": 2})

    def test_split_allocation_never_asks_more_than_free(self):
        single = Listing("single", {MUG: 1}, FOLLOW, True)
        box = Listing("box", {TEA: 1, MUG: 2}, FOLLOW, True)
        pack = Listing("pack", {MUG: 6}, FOLLOW, True)
        fixed = Listing("fixed", {MUG: 1}, Policy("fixed", 0, 0, 0, 1.0), True)
        # 12 mugs / 3 listings = 4 each; tea alone in the box
        result = available([single, box, pack, fixed], {TEA: 100, MUG: 12},
                           CHANNEL_ALL, allocation="split")
        self.assertEqual(result, {"single": 4, "box": 2, "pack": 0, "fixed": 1})
        asked = result["single"] + 2 * result["box"] + 6 * result["pack"]
        self.assertLessEqual(asked, 12)

    def test_reserved_or_negative_stock_gives_zero(self):
        box = Listing("box", {TEA: 1, MUG: 2}, FOLLOW, True)
        self.assertEqual(available([box], {TEA: -3, MUG: 10}, CHANNEL_ALL),
                         {"box": 0})
        self.assertEqual(available([box], {TEA: 5}, CHANNEL_ALL), {"box": 0})

    def test_float_noise_does_not_lose_a_unit(self):
        pack = Listing("pack", {MUG: 3}, FOLLOW, True)
        self.assertEqual(available([pack], {MUG: 8.999999999}, CHANNEL_ALL),
                         {"pack": 3})
