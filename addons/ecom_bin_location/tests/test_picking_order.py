"""Deliveries: lines in bin-code order on screen and on the picking list."""
from .common import BinCase


class TestPickingOrder(BinCase):
    def test_lines_follow_bin_codes(self):
        bins = self._bins(self._generate("K", aisles=1, racks=2, bins=2).zone_id)
        # stock placed against the walking order: p1 in the last bin...
        products = [self._create_product("PICK%d" % i) for i in range(4)]
        for product, location in zip(products, reversed(bins)):
            self._put_stock(product, location, 5)
        picking = self._deliver([(p, 2) for p in products])
        self.assertEqual(picking.state, "assigned")
        lines = picking.sudo(self.operator).move_line_ids
        self.assertEqual(lines.mapped("ecom_bin_code"), bins.mapped("ecom_code"))
        self.assertEqual(lines.mapped("ecom_bin_code"),
                         sorted(lines.mapped("ecom_bin_code")))
        # the printed list walks the same path, one row per line with its bin
        report = self.env.ref("stock.action_report_picking").sudo(self.operator)
        html = report.render_qweb_html(picking.ids)[0].decode()
        positions = [html.index(code) for code in bins.mapped("ecom_code")]
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(html.count('class="ecom-bin"'), 4)
