"""Putaway at receipt, as the warehouse operator."""
from .common import BinCase


class TestPutaway(BinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # zone U: bins WH-U-01-01-A..D, 10 units each
        cls.zone = cls._generate("U", bins=4, capacity=10).zone_id
        cls.bins = cls._bins(cls.zone)
        cls.fixed = cls._generate("F", bins=1, capacity=5).zone_id
        cls.fixed_bin = cls._bins(cls.fixed)

    def _dest(self, picking, product):
        lines = picking.move_line_ids.filtered(lambda ml: ml.product_id == product)
        return lines.mapped("location_dest_id")

    def test_fixed_bin_first(self):
        product = self._create_product(
            "PUTFIX", fixed_bin=self.fixed_bin, zone=self.zone)
        picking = self._receive([(product, 4)])
        self.assertEqual(self._dest(picking, product), self.fixed_bin)
        line = picking.move_line_ids
        self.assertEqual(line.ecom_putaway_reason, "fixed")

    def test_fixed_bin_full_falls_back_to_zone(self):
        product = self._create_product(
            "PUTFIX2", fixed_bin=self.fixed_bin, zone=self.zone)
        self._put_stock(product, self.fixed_bin, 3)
        picking = self._receive([(product, 4)])  # 3 + 4 > 5
        self.assertEqual(self._dest(picking, product), self.bins[0])

    def test_first_fit_in_code_order_and_capacity(self):
        product = self._create_product("PUTFF", zone=self.zone)
        # bin A holds 8 of 10: 5 more do not fit, B is the first fit
        self._put_stock(product, self.bins[0], 8)
        picking = self._receive([(product, 5)])
        self.assertEqual(self._dest(picking, product), self.bins[1])
        # a second receipt counts the open line of the first one: B has 5 left
        other = self._create_product("PUTFF2", zone=self.zone)
        picking2 = self._receive([(other, 6)])
        self.assertEqual(self._dest(picking2, other), self.bins[2])

    def test_category_zone(self):
        categ = self.env["product.category"].create({
            "name": "Putaway categ", "ecom_preferred_zone_id": self.zone.id})
        product = self._create_product("PUTCAT", categ=categ)
        picking = self._receive([(product, 1)])
        self.assertEqual(self._dest(picking, product), self.bins[0])

    def test_volume_capacity(self):
        zone = self._generate("V", bins=2, volume=1.0).zone_id
        bins = self._bins(zone)
        product = self._create_product("PUTVOL", volume=0.3, zone=zone)
        picking = self._receive([(product, 3), ])  # 0.9 m3 -> A
        self.assertEqual(self._dest(picking, product), bins[0])
        picking2 = self._receive([(product, 2)])  # 0.6 m3 more -> B
        self.assertEqual(self._dest(picking2, product), bins[1])

    def test_nothing_fits_warns_and_user_overrides(self):
        product = self._create_product("PUTBIG", zone=self.zone)
        picking = self._receive([(product, 11)])
        line = picking.move_line_ids
        self.assertEqual(line.location_dest_id, self.stock, "destination unchanged")
        self.assertEqual(line.ecom_putaway_reason, "nothing_fits")
        self.assertIn("No bin has room", line.ecom_putaway_note)
        self.assertIn("PUTBIG", picking.ecom_putaway_warning)
        # the operator overrides the destination; re-assigning keeps it
        line.write({"location_dest_id": self.bins[3].id})
        picking.action_assign()
        self.assertEqual(line.location_dest_id, self.bins[3])
        # a default bin for the zone: running putaway again uses it
        default = self._bins(self._generate("D", bins=1).zone_id)
        self.zone.sudo(self.manager).write({"ecom_default_bin_id": default.id})
        picking.action_ecom_putaway()
        self.assertEqual(line.location_dest_id, default)
        self.assertEqual(line.ecom_putaway_reason, "zone_default")
        self.assertFalse(picking.ecom_putaway_warning)

    def test_never_over_capacity_in_one_receipt(self):
        products = [self._create_product("PUTMANY%d" % i, zone=self.zone)
                    for i in range(6)]
        picking = self._receive([(p, 7) for p in products])
        placed = {}
        for line in picking.move_line_ids:
            placed.setdefault(line.location_dest_id, 0)
            placed[line.location_dest_id] += line.product_qty
        # four bins of 10 take one 7-unit line each; two lines do not fit
        self.assertEqual(sorted(q for loc, q in placed.items() if loc in self.bins),
                         [7, 7, 7, 7])
        self.assertEqual(placed[self.stock], 14)
        self.assertEqual(len(picking.move_line_ids.filtered(
            lambda ml: ml.ecom_putaway_reason == "nothing_fits")), 2)

    def test_unmanaged_product_untouched(self):
        product = self._create_product("PUTNONE")
        picking = self._receive([(product, 3)])
        self.assertEqual(self._dest(picking, product), self.stock)
        self.assertFalse(picking.ecom_putaway_warning)
