"""The keys the margin lines and the cost history do without
(``_foreign_keys_off``: one trigger per key and row on every write): what
their ON DELETE rules did is done by the unlink of the records they point to.
The rows are pointed at throwaway records with SQL (a real channel, warehouse
or company with orders could not be deleted at all)."""
from .common import MarginCase


class TestKeysOff(MarginCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_product("Keys off tea", categ=cls.sub_categ)
        cls._receive(cls.wh1, cls.product, 10, 4.0)
        cls.order = cls._order(cls.channel, [(cls.product, 2, 9.0)])
        cls.line = cls.margin_model.search([("order_id", "=", cls.order.id)])
        cls.cost_rows = cls.cost_model.search([("product_id", "=", cls.product.id)])

    def _keys(self, table):
        self.env.cr.execute("""
            SELECT a.attname FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.conrelid = %s::regclass AND c.contype = 'f' ORDER BY 1""",
                            (table,))
        return [row[0] for row in self.env.cr.fetchall()]

    def _point(self, table, column, value, ids):
        # table and column names are the test's constants
        self.env.cr.execute('UPDATE "%s" SET "%s" = %%s WHERE id = ANY(%%s)'
                            % (table, column), (value, list(ids)))
        self.margin_model.invalidate_cache()
        self.cost_model.invalidate_cache()

    def _values(self, table, column, ids):
        self.env.cr.execute('SELECT "%s" FROM "%s" WHERE id = ANY(%%s) ORDER BY id'
                            % (column, table), (list(ids),))
        return [row[0] for row in self.env.cr.fetchall()]

    def test_only_the_keys_that_guard_something_are_left(self):
        self.assertTrue(self.line and self.cost_rows)
        self.assertEqual(self._keys("ecom_margin_line"), ["product_id", "sale_line_id"])
        self.assertEqual(self._keys("ecom_warehouse_cost"),
                         ["landed_cost_id", "move_id", "product_id"])

    def test_deleted_order_takes_its_margin_lines(self):
        """order_id has no key: the order's lines go with it (database
        cascade) and their margin lines with them (the sale_line_id key)."""
        order = self._order(self.channel, [(self.product, 1, 9.0)])
        line_ids = self._margin_of(order).ids
        self.assertTrue(line_ids)
        order.action_cancel()
        order.unlink()
        self.assertEqual(self._values("ecom_margin_line", "id", line_ids), [])

    def test_deleted_user_empties_the_log_columns(self):
        user = self.env["res.users"].create({"name": "Keys off user",
                                             "login": "keys_off_user"})
        for column in ("create_uid", "write_uid"):
            self._point("ecom_margin_line", column, user.id, self.line.ids)
            self._point("ecom_warehouse_cost", column, user.id, self.cost_rows.ids)
        user.unlink()
        for column in ("create_uid", "write_uid"):
            self.assertEqual(self._values("ecom_margin_line", column, self.line.ids),
                             [None])
            self.assertEqual(
                self._values("ecom_warehouse_cost", column, self.cost_rows.ids),
                [None] * len(self.cost_rows))

    def test_deleted_channel_empties_the_lines(self):
        channel = self.env["ecom.channel"].create({
            "name": "Keys off shop", "code": "KOFF", "platform": "jd",
            "warehouse_id": self.wh1.id, "pricelist_id": self.pricelist.id})
        self._point("ecom_margin_line", "channel_id", channel.id, self.line.ids)
        channel.unlink()
        self.assertEqual(self._values("ecom_margin_line", "channel_id",
                                      self.line.ids), [None])
        self.assertEqual(self._values("ecom_margin_line", "id", self.line.ids),
                         self.line.ids)

    def test_deleted_category_and_its_children_empty_the_lines(self):
        parent = self.env["product.category"].create({"name": "Keys off parent"})
        child = self.env["product.category"].create({"name": "Keys off child",
                                                     "parent_id": parent.id})
        self._point("ecom_margin_line", "categ_id", child.id, self.line.ids)
        parent.unlink()
        self.assertFalse(child.exists())
        self.assertEqual(self._values("ecom_margin_line", "categ_id", self.line.ids),
                         [None])

    def test_deleted_warehouse_takes_its_costs_and_empties_the_lines(self):
        warehouse = self.env["stock.warehouse"].create({"name": "Keys off WH",
                                                        "code": "KOWH"})
        self._point("ecom_margin_line", "warehouse_id", warehouse.id, self.line.ids)
        self._point("ecom_warehouse_cost", "warehouse_id", warehouse.id,
                    self.cost_rows.ids)
        self.env["ecom.margin.line"]._ecom_apply_ondelete(
            "stock.warehouse", warehouse.ids)
        self.assertEqual(self._values("ecom_margin_line", "warehouse_id",
                                      self.line.ids), [None])
        self.assertEqual(self._values("ecom_warehouse_cost", "id",
                                      self.cost_rows.ids), [])

    def test_unlink_of_warehouse_and_company_applies_the_rules(self):
        """The hooks are called by unlink (a warehouse or company of the
        demo data cannot be deleted in a test: their locations, journals and
        partners keep them)."""
        calls = []
        margin_class = type(self.margin_model)
        original = margin_class._ecom_apply_ondelete

        def spy(model, comodel_name, ids):
            calls.append((comodel_name, list(ids)))
            return original(model, comodel_name, ids)

        margin_class._ecom_apply_ondelete = spy
        try:
            for record in (self.wh2, self.company):
                with self.assertRaises(Exception), self.env.cr.savepoint():
                    record.unlink()
        finally:
            margin_class._ecom_apply_ondelete = original
        self.assertEqual(calls, [("stock.warehouse", self.wh2.ids),
                                 ("res.company", self.company.ids)])
