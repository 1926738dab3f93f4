"""The rebuild's SQL formula (models/ecom_margin_line_sql.py) writes the
margin lines the Python formula (services/margin.py, _refresh_batch) writes,
to the bit; its rounding is Python's round() on the binary value."""
import random
import struct

from .common import MarginCase
from .test_rebuild_fill import MARGIN_COLUMNS


def _bits(value):
    return struct.pack("d", value + 0.0)


class TestMarginSql(MarginCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.mug = cls._create_product("SqlMug", price=19.99)
        cls.tea = cls._create_product("SqlTea", categ=cls.sub_categ)
        # never received in wh2: its cost there is the standard price
        cls.pot = cls._create_product("SqlPot", standard_price=3.33)
        cls._receive(cls.wh1, cls.mug, 7, 5.125)
        cls._receive(cls.wh1, cls.mug, 3, 8.0)
        cls._receive(cls.wh2, cls.mug, 9, 7.015)
        cls._receive(cls.wh1, cls.tea, 40, 2.675)
        cls._receive(cls.wh2, cls.tea, 11, 1.005)
        cls._receive(cls.wh1, cls.pot, 5, 4.4)
        fee = env["ecom.channel.fee.rule"]
        # channel 1: percent, a fixed fee per order for tea only, a per-unit
        # fee valid in 2020 only (never applies), a second percent
        fee.create({"channel_id": cls.channel.id, "name": "Commission",
                    "kind": "percent", "value": 4.5})
        fee.create({"channel_id": cls.channel.id, "name": "Tea order fee",
                    "kind": "fixed_order", "value": 1.25, "categ_id": cls.categ.id})
        fee.create({"channel_id": cls.channel.id, "name": "Old per unit",
                    "kind": "fixed_unit", "value": 0.5, "date_from": "2020-01-01",
                    "date_to": "2020-12-31"})
        fee.create({"channel_id": cls.channel.id, "name": "Payment",
                    "kind": "percent", "value": 0.6})
        # channel 2: fixed per order (all lines), per unit for tea
        fee.create({"channel_id": cls.channel2.id, "name": "Per order",
                    "kind": "fixed_order", "value": 0.35})
        fee.create({"channel_id": cls.channel2.id, "name": "Tea per unit",
                    "kind": "fixed_unit", "value": 0.125, "categ_id": cls.sub_categ.id})
        cls.channel.write({"packaging_cost_order": 0.7, "packaging_cost_unit": 0.205,
                           "return_handling_cost": 3.0})
        cls.channel2.write({"packaging_cost_order": 1.0})
        rng = random.Random(15)
        products = [cls.mug, cls.tea, cls.pot]
        cls.orders = env["sale.order"]
        for index in range(12):
            channel = (cls.channel, cls.channel2)[index % 2]
            lines = [(rng.choice(products), rng.randint(1, 4),
                      rng.choice([0.0, 2.675, 19.99, 7.005, 33.335, 1.115]))
                     for _i in range(rng.randint(1, 4))]
            order = cls._order(channel, lines)
            if index % 3 == 0:
                cls._ship(order)
            cls.orders |= order
        # an order without revenue (weights by quantity) and one imported
        # shipping cost replacing an estimate
        cls.orders |= cls._order(cls.channel2, [(cls.tea, 2, 0.0), (cls.mug, 1, 0.0)])
        cls.orders[:2].write({"ecom_shipping_estimate": 4.99})
        env["ecom.shipping.cost"].create({
            "channel_id": cls.channel.id, "order_id": cls.orders[0].id,
            "ref_type": "order_ref", "ref": cls.orders[0].name, "cost": 6.015,
            "currency_id": cls.company.currency_id.id, "amount_company": 6.015})

    def _margins(self):
        self.env.cr.execute(
            "SELECT %s FROM ecom_margin_line WHERE order_id = ANY(%%s) "
            "ORDER BY sale_line_id" % ", ".join(MARGIN_COLUMNS), (self.orders.ids,))
        return [tuple(_bits(v) if isinstance(v, float) else v for v in row)
                for row in self.env.cr.fetchall()]

    def test_sql_formula_writes_what_python_writes(self):
        line_model = self.margin_model
        line_model._refresh_orders(self.orders.ids)
        python = self._margins()
        self.assertGreater(len(python), 15)
        self.assertEqual({row[-1] for row in python}, {"shipped", "estimated"})
        self.env.cr.execute("DELETE FROM ecom_margin_line WHERE order_id = ANY(%s)",
                            (self.orders.ids,))
        sql_model = line_model._prepare_rebuild_tables()
        written = sql_model._refresh_orders(self.orders.ids)
        sql_model._drop_rebuild_tables()
        self.assertEqual(written, len(python))
        self.assertEqual(self._margins(), python)
        # and over lines already there (the update branch of the upsert)
        sql_model = line_model._prepare_rebuild_tables()
        sql_model._refresh_orders(self.orders.ids)
        sql_model._drop_rebuild_tables()
        self.assertEqual(self._margins(), python)

    def test_rounding_is_pythons(self):
        rng = random.Random(2675)
        values = [0.0, -0.0, 2.675, -2.675, 1.005, 0.125, 0.375, 0.625, 2.5, 0.285,
                  1.0049999999999999, 1e-10, 5e-324, 123.45675, 0.00015,
                  1e15 + 0.5, 123456789.125, 1e300, -1e-7]
        for _i in range(3000):
            cents = rng.randint(-10 ** 7, 10 ** 7)
            tie = (cents + 0.5) / 100
            values += [tie, tie * (1 + 2e-16), tie * (1 - 2e-16),
                       (rng.randint(-10 ** 8, 10 ** 8) + 0.5) / 10000,
                       rng.uniform(-1000, 1000), round(rng.uniform(0, 99), 2) * 0.05]
        cr = self.env.cr
        for digits in (2, 4):
            cr.execute("""
                SELECT ecom_margin_round(v, %s), ecom_margin_round_exact(v, %s)
                  FROM unnest(%s::float8[]) WITH ORDINALITY AS t(v, i) ORDER BY i""",
                       (digits, digits, [repr(v) for v in values]))
            for value, (fast, exact) in zip(values, cr.fetchall()):
                expected = _bits(round(value, digits))
                self.assertEqual((_bits(fast), _bits(exact)), (expected, expected),
                                 "round(%r, %d)" % (value, digits))
