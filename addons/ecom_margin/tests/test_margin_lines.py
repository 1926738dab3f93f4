"""Contribution margins: two warehouses, fee rules, shipping estimate -> actual."""
from .common import MarginCase


class TestMarginLines(MarginCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("MarginMug", categ=None)
        cls.tea = cls._create_product("MarginTeaB", categ=cls.sub_categ)
        # the same SKU costs 10.00 in WH1 and 12.00 in WH2
        cls._receive(cls.wh1, cls.product, 20, 10.0)
        cls._receive(cls.wh2, cls.product, 20, 12.0)
        # tea is standard-costed (price 0): its cost comes from the purchase
        cls._purchase(cls.wh1, cls.tea, 20, 4.0)
        fee = cls.env["ecom.channel.fee.rule"]
        for channel in (cls.channel, cls.channel2):
            fee.create({"channel_id": channel.id, "name": "Commission",
                        "kind": "percent", "value": 5.0})
        # tea: 3 % more in 2020 only, 2.00 per order everywhere
        fee.create({"channel_id": cls.channel.id, "name": "Tea 2020",
                    "kind": "percent", "value": 3.0, "categ_id": cls.categ.id,
                    "date_from": "2020-01-01", "date_to": "2020-12-31"})
        fee.create({"channel_id": cls.channel.id, "name": "Tea promo fee",
                    "kind": "percent", "value": 2.0, "categ_id": cls.sub_categ.id})
        fee.create({"channel_id": cls.channel.id, "name": "Per order",
                    "kind": "fixed_order", "value": 2.0})
        cls.carrier = cls.env["delivery.carrier"].create({
            "name": "Margin Fixed Carrier", "delivery_type": "fixed",
            "fixed_price": 6.0, "product_id": cls.env["product.product"].create({
                "name": "Margin carrier", "type": "service"}).id})
        cls.channel.write({"carrier_id": cls.carrier.id, "packaging_cost_order": 1.0,
                           "packaging_cost_unit": 0.5})

    def test_same_sku_two_warehouses_two_margins(self):
        o1 = self._order(self.channel2, [(self.product, 1, 50.0)])
        wh2_line = self._margin_of(o1)
        self.channel2.warehouse_id = self.wh1
        o2 = self._order(self.channel2, [(self.product, 1, 50.0)])
        wh1_line = self._margin_of(o2)
        self.assertEqual((wh1_line.warehouse_id, wh2_line.warehouse_id),
                         (self.wh1, self.wh2))
        # 50 - cost - 5 % fee
        self.assertAlmostEqual(wh1_line.margin, 50.0 - 10.0 - 2.5)
        self.assertAlmostEqual(wh2_line.margin, 50.0 - 12.0 - 2.5)

    def test_fee_rules_category_validity_and_shipping(self):
        order = self._order(self.channel, [(self.product, 2, 40.0),
                                           (self.tea, 1, 20.0)])
        lines = {ml.product_id: ml for ml in self._margin_of(order)}
        mug, tea = lines[self.product], lines[self.tea]
        # fees: mug 5 % of 80 + 2.00 x 80/100; tea (5 + 2) % of 20 + 2.00 x 20/100
        # (the 2020 rule is out of date)
        self.assertAlmostEqual(mug.fee, 4.0 + 1.6)
        self.assertAlmostEqual(tea.fee, 1.4 + 0.4)
        # shipping estimate 6.00 (fixed carrier) allocated 80/20
        self.assertEqual(self.env["sale.order"].sudo().browse(
            order.id).ecom_shipping_estimate, 6.0)
        self.assertAlmostEqual(mug.shipping, 4.8)
        self.assertAlmostEqual(tea.shipping, 1.2)
        # packaging: 1.00 per order (80/20) + 0.50 per unit
        self.assertAlmostEqual(mug.packaging, 0.8 + 1.0)
        self.assertAlmostEqual(tea.packaging, 0.2 + 0.5)
        self.assertAlmostEqual(mug.margin, 80.0 - 20.0 - 5.6 - 4.8 - 1.8)
        self.assertAlmostEqual(tea.margin, 20.0 - 4.0 - 1.8 - 1.2 - 0.7)
        self.assertEqual(mug.state, "estimated")
        # the real cost replaces the estimate: 9.00 -> 7.20 / 1.80
        result = self.env["ecom.channel"].import_shipping_costs(
            "MTEST", [{"order_ref": order.name, "cost": 9.0, "currency":
                       self.company.currency_id.name}])
        self.assertEqual(result[0]["status"], "created")
        mug.invalidate_cache()
        self.assertAlmostEqual(mug.shipping, 7.2)
        self.assertAlmostEqual(tea.shipping, 1.8)
        # idempotent: the same cost again is unchanged, another one updates
        again = self.env["ecom.channel"].import_shipping_costs(
            "MTEST", [{"order_ref": order.name, "cost": 9.0, "currency":
                       self.company.currency_id.name}])
        self.assertEqual(again[0]["status"], "unchanged")
        self.assertEqual(self.env["ecom.shipping.cost"].search_count(
            [("order_id", "=", order.id)]), 1)

    def test_import_errors(self):
        cur = self.company.currency_id.name
        result = self.env["ecom.channel"].import_shipping_costs("MTEST", [
            {"order_ref": "NOPE", "cost": 1.0, "currency": cur},
            {"tracking_ref": "T1", "cost": -1, "currency": cur},
            {"cost": 1.0, "currency": cur},
        ])
        self.assertEqual([r["error_code"] for r in result],
                         ["unknown_order", "invalid_cost", "missing_field"])
        self.assertEqual({r["status"] for r in result}, {"rejected"})
        unknown = self.env["ecom.channel"].import_shipping_costs(
            "NOCHANNEL", [{"order_ref": "A", "cost": 1.0, "currency": cur}])
        self.assertEqual(unknown[0]["error_code"], "unknown_channel")

    def test_shipped_then_settled(self):
        order = self._order(self.channel, [(self.product, 1, 40.0)])
        self._ship(order)
        line = self._margin_of(order)
        self.assertEqual(line.state, "shipped")
        self.assertAlmostEqual(line.cost, 10.0)
        self.margin_model._mark_settled(line.sale_line_id.ids,
                                        {line.sale_line_id.id: 1.0})
        line.invalidate_cache()
        self.assertEqual(line.state, "settled")
        self.assertAlmostEqual(line.fee, 1.0)
        # a refresh keeps a settled line as it is
        self.margin_model._refresh_orders(order.ids)
        line.invalidate_cache()
        self.assertEqual((line.state, line.fee), ("settled", 1.0))

    def test_pivot_margin_percent_is_weighted(self):
        o1 = self._order(self.channel2, [(self.product, 1, 100.0)])
        o2 = self._order(self.channel2, [(self.product, 1, 20.0)])
        groups = self.margin_model.read_group(
            [("order_id", "in", (o1 | o2).ids)],
            ["revenue", "margin", "margin_percent", "channel_id"], ["channel_id"])
        self.assertEqual(len(groups), 1)
        g = groups[0]
        self.assertAlmostEqual(g["margin_percent"],
                               round(100.0 * g["margin"] / g["revenue"], 2))

    def test_break_even_and_promotion_warning(self):
        self.product.list_price = 10.5      # below 10.00 / 0.95 + 0.50 packaging
        rows = self.env["ecom.break.even.line"].action_refresh()
        mine = rows.filtered(lambda r: r.product_id == self.product
                             and r.channel_id == self.channel)
        self.assertEqual(mine.source, "pricelist")
        self.assertAlmostEqual(mine.break_even_price, round(10.5 / 0.95, 4))
        self.product.list_price = 30.0
        promo = self.env["ecom.promotion"].create({
            "name": "Half price", "date_from": "2020-01-01", "date_to": "2099-12-31",
            "product_ids": [(6, 0, self.product.ids)], "discount_percent": 70.0})
        self.assertIn(self.product.display_name, promo.margin_warning)
        promo.discount_percent = 10.0
        self.assertFalse(promo.margin_warning)

    def test_xlsx_export_as_finance(self):
        import io

        import xlrd

        order = self._order(self.channel, [(self.product, 2, 40.0)])
        finance = self.env["res.users"].create({
            "name": "Margin XLSX finance", "login": "margin_xlsx_finance",
            "groups_id": [(6, 0, [self.env.ref("ecom_base.group_finance").id])]})
        lines = self._margin_of(order).sudo(finance)
        report = self.env.ref("ecom_margin.ecom_margin_line_xlsx").sudo(finance)
        content, kind = report.render_xlsx(lines.ids, {})
        self.assertEqual(kind, "xlsx")
        book = xlrd.open_workbook(file_contents=io.BytesIO(content).read())
        sheet = book.sheet_by_index(0)
        self.assertEqual(sheet.cell_value(0, 1), "Order")
        self.assertEqual(sheet.cell_value(1, 1), order.name)
        self.assertAlmostEqual(sheet.cell_value(1, 13), lines.margin)
        summary = book.sheet_by_index(1)
        self.assertEqual(summary.cell_value(1, 0), self.channel.name)
        # no customer data in the workbook
        text = " ".join(str(sheet.cell_value(r, c)) for r in range(sheet.nrows)
                        for c in range(sheet.ncols))
        self.assertNotIn(self.customer.name, text)
