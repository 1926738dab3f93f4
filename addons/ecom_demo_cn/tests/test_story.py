"""The seeded story (plain Python, no database)."""
import datetime
import unittest

from ..services import story

TODAY = datetime.date(2026, 12, 3)


class TestStory(unittest.TestCase):
    def test_deterministic(self):
        one = story.orders("small", TODAY)
        two = story.orders("small", TODAY)
        self.assertEqual(one, two)
        self.assertEqual(story.catalogue("full"), story.catalogue("full"))

    def test_sizes(self):
        self.assertEqual(len(story.catalogue("full")), 200)
        self.assertEqual(len({p["sku"] for p in story.catalogue("full")}), 200)
        orders = story.orders("full", TODAY)
        count = sum(len(v) for v in orders.values())
        self.assertTrue(2500 <= count <= 4500, count)
        self.assertEqual(set(orders), set(story.CHANNELS))
        small = sum(len(v) for v in story.orders("small", TODAY).values())
        self.assertTrue(30 <= small <= 120, small)

    def test_weekly_rhythm_and_promotion(self):
        days = dict(story.daily_counts("full", TODAY))
        spike = TODAY - datetime.timedelta(days=story.PROMO_DAYS_AGO)
        others = [n for d, n in days.items() if d != spike]
        self.assertGreater(days[spike], 2.5 * sum(others) / len(others))
        weekend = [n for d, n in days.items() if d.weekday() >= 5 and d != spike]
        weekdays = [n for d, n in days.items() if d.weekday() < 3]
        self.assertGreater(sum(weekend) / len(weekend), sum(weekdays) / len(weekdays))

    def test_payloads_are_intake_payloads(self):
        orders = story.orders("small", TODAY)
        skus = {p["sku"] for p in story.catalogue("small")}
        refs = set()
        for code, payloads in orders.items():
            for payload in payloads:
                self.assertTrue(payload["external_ref"].startswith(
                    story.REF_PREFIX[code] + "-"))
                refs.add(payload["external_ref"])
                self.assertEqual(payload["currency"], "CNY")
                self.assertTrue(payload["lines"])
                self.assertTrue({ln["sku"] for ln in payload["lines"]} <= skus)
                self.assertLessEqual(payload["_day"], TODAY)
        self.assertEqual(len(refs), sum(len(v) for v in orders.values()))

    def test_stock_outs_and_vendors(self):
        products = story.catalogue("full")
        self.assertTrue(2 <= sum(1 for p in products if p.get("stock_out")) <= 10)
        self.assertEqual(sum(1 for v in story.VENDORS if not v[4]), 1)
        self.assertTrue(
            {p["vendor"] for p in products} <= {v[0] for v in story.VENDORS})

    def test_star_buyer_phone_forms(self):
        # the shops send the star buyer's mobile in several forms
        orders = story.orders("full", TODAY)
        phones = {p["customer"]["phone"] for v in orders.values() for p in v
                  if p["customer"]["external_id"] == story.STAR_BUYER["external_id"]}
        self.assertGreaterEqual(len(phones), 3)
