"""The bulk toolkit against the ORM, column by column.

The same values are created once through ``create`` and once through
``bulk.create`` + ``bulk.recompute``; every stored column of the two rows is
read back with SQL and compared (except the id, the dates of the write, and
values the ORM draws at random or from a sequence).
"""
import logging
import re

from odoo.tests.common import SavepointCase

from odoo.addons.ecom_base.tools import bulk

#: columns that differ between any two creations
VOLATILE = {"id", "create_date", "write_date", "access_token"}
#: ciphertext of an encrypted column (ecom_partner_encryption, when
#: installed): a fresh nonce each time, compared by its key only
CIPHERTEXT = re.compile(r"^(ecg\d+:[^:]+:).*$", re.S)


def _comparable(value):
    if isinstance(value, str):
        return CIPHERTEXT.sub(r"\1<ciphertext>", value)
    return value


class TestBulk(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Tag = cls.env["res.partner.category"]
        cls.tags = Tag.create({"name": "bulk tag A"}) | \
            Tag.create({"name": "bulk tag B"})
        cls.product = cls.env["product.product"].create({
            "name": "Bulk test tea", "default_code": "BULK-TEA", "type": "product",
            "list_price": 12.5, "taxes_id": [(6, 0, [])]})
        cls.tax = cls.env["account.tax"].create({
            "name": "Bulk 13%", "amount": 13.0, "type_tax_use": "sale"})

    def _columns(self, records):
        """Stored column values of ``records`` as the database holds them."""
        self.env.cr.execute('SELECT * FROM "%s" WHERE id IN %%s ORDER BY id'
                            % records._table, (tuple(records.ids),))
        names = [column[0] for column in self.env.cr.description]
        rows = []
        for row in self.env.cr.fetchall():
            values = dict(zip(names, row))
            # a link to the record itself (commercial partner) compares as such
            rows.append({name: "<self>" if name.endswith("_id") and
                         value == values["id"] else _comparable(value)
                         for name, value in values.items() if name not in VOLATILE})
        return rows

    def _assert_same_rows(self, orm_records, bulk_records, ignore=()):
        self.maxDiff = None
        orm_rows = self._columns(orm_records)
        bulk_rows = self._columns(bulk_records)
        self.assertEqual(len(orm_rows), len(bulk_rows))
        for orm_row, bulk_row in zip(orm_rows, bulk_rows):
            for name in ignore:
                orm_row.pop(name, None)
                bulk_row.pop(name, None)
            self.assertEqual(bulk_row, orm_row)

    def _m2m(self, records, field):
        return [set(rec[field].ids) for rec in records]

    def test_partners_like_create(self):
        # no parent: res.partner's own create copies the commercial fields
        # of a parent (vat, credit limit), which the toolkit does not do
        vals_list = [
            {"name": "Bulk Buyer %d" % i, "is_company": bool(i % 2),
             "email": "buyer%d@example.com" % i, "phone": "+86 138 0013 800%d" % i,
             "type": "invoice" if i % 2 else "contact",
             "category_id": [(6, 0, self.tags.ids)] if i % 2 else
             [(4, self.tags[0].id)]}
            for i in range(4)]
        orm = self.env["res.partner"].browse()
        for vals in vals_list:
            orm |= self.env["res.partner"].create(dict(vals))
        created = bulk.create(self.env["res.partner"], [dict(v) for v in vals_list])
        bulk.recompute(self.env, [created])
        self.env["res.partner"].invalidate_cache()  # the whole cache
        # stored computed fields (display_name, commercial partner, company
        # name) and defaults (lang, tz, active, company, ...) all equal
        self._assert_same_rows(orm, created)
        self.assertEqual(self._m2m(created, "category_id"),
                         self._m2m(orm, "category_id"))
        self.assertEqual(created[0].display_name, "Bulk Buyer 0")
        self.assertEqual(created.mapped("commercial_partner_id"), created)
        self.assertEqual(created.mapped("email"), orm.mapped("email"))
        self.assertEqual(created.mapped("create_uid"), self.env.user)

    def test_sale_orders_and_lines_like_create(self):
        customer = self.env["res.partner"].create({"name": "Bulk Customer"})

        pricelist = customer.property_product_pricelist

        def order_vals(i):
            # what sale.order's create would complete, given (the intake does)
            return {"name": "BULK/%05d" % i, "partner_id": customer.id,
                    "partner_invoice_id": customer.id,
                    "partner_shipping_id": customer.id,
                    "pricelist_id": pricelist.id,
                    "date_order": "2026-11-11 08:00:00"}

        def line_vals(order_id, qty):
            return {"order_id": order_id, "product_id": self.product.id,
                    "name": "Bulk test tea", "product_uom_qty": qty,
                    "product_uom": self.product.uom_id.id, "price_unit": 12.5,
                    "discount": 10.0, "tax_id": [(6, 0, self.tax.ids)]}

        Sale, Line = self.env["sale.order"], self.env["sale.order.line"]
        margin = {"purchase_price": 0.0} if "purchase_price" in Line._fields else {}
        orm = Sale.browse()
        for i in range(3):
            orm |= Sale.create(dict(order_vals(i),
                                    order_line=[(0, 0, line_vals(False, i + 1))]))
        sales = bulk.create(Sale, [order_vals(i) for i in range(3)])
        # what sale_margin's create adds, when installed (the tea has no cost):
        # the toolkit runs no create override, its caller gives their values
        lines = bulk.create(Line, [dict(line_vals(sale.id, i + 1), **margin)
                                   for i, sale in enumerate(sales)])
        bulk.recompute(self.env, [sales, lines])
        self.env["res.partner"].invalidate_cache()  # the whole cache
        # the orders differ in their name only (given) and their access token
        self._assert_same_rows(orm, sales, ignore=("name",))
        self._assert_same_rows(orm.mapped("order_line"), lines, ignore=("order_id",))
        self.assertEqual(self._m2m(lines, "tax_id"), [set(self.tax.ids)] * 3)
        self.assertEqual(sales.mapped("amount_untaxed"), [11.25, 22.5, 33.75])
        self.assertEqual(sales.mapped("amount_total"),
                         orm.mapped("amount_total"))
        # a default that differs between calls is drawn for each record
        self.assertEqual(len(set(sales.mapped("access_token"))), 3)

    def test_given_computed_values_are_kept(self):
        """Computed values the caller gives are stored as given and not
        recomputed; the fields depending on them are."""
        customer = self.env["res.partner"].create({"name": "Bulk Customer 2"})
        sale = self.env["sale.order"].create({"partner_id": customer.id})
        line_vals = {"order_id": sale.id, "product_id": self.product.id,
                     "name": "tea", "product_uom_qty": 2,
                     "product_uom": self.product.uom_id.id, "price_unit": 10.0,
                     # deliberately not what _compute_amount gives (20.0)
                     "price_subtotal": 19.0, "price_total": 19.0, "price_tax": 0.0,
                     "price_reduce": 10.0, "price_reduce_taxinc": 10.0,
                     "price_reduce_taxexcl": 10.0}
        with self.assertRaises(bulk.BulkUnsupported):
            # price_total is computed by the same method: all or none
            bulk.create(self.env["sale.order.line"], [dict(line_vals)],
                        computed=("price_subtotal",))
        line = bulk.create(self.env["sale.order.line"], [line_vals],
                           computed=("price_subtotal", "price_total", "price_tax"))
        bulk.recompute(self.env, [line])
        self.env["res.partner"].invalidate_cache()  # the whole cache
        self.assertEqual(line.price_subtotal, 19.0)
        self.assertEqual(sale.amount_untaxed, 19.0)   # computed from the line

    def test_update_write_increment(self):
        partners = self.env["res.partner"].create({"name": "P1"}) | \
            self.env["res.partner"].create({"name": "P2"})
        bulk.update(partners, [{"ref": "R1", "comment": "c1"},
                               {"ref": "R2", "comment": False}])
        self.assertEqual(partners.mapped("ref"), ["R1", "R2"])   # from the cache
        bulk.write(partners, "color", [3, 4])
        self.env["res.partner"].invalidate_cache()  # the whole cache
        self.assertEqual(partners.mapped("ref"), ["R1", "R2"])   # from the table
        self.assertEqual(partners.mapped("comment"), ["c1", False])
        self.assertEqual(partners.mapped("color"), [3, 4])
        bulk.increment(partners, "color", [1, -4])
        self.assertEqual(partners.mapped("color"), [4, 0])
        # display_name depends on name: recomputed after a bulk write of names
        bulk.update(partners, [{"name": "Q1"}, {"name": "Q2"}])
        bulk.recompute(self.env, [partners])
        self.env["res.partner"].invalidate_cache()  # the whole cache
        self.assertEqual(partners.mapped("display_name"), ["Q1", "Q2"])
        with self.assertRaises(bulk.BulkUnsupported):
            bulk.update(partners, [{"category_id": []}, {"category_id": []}])

    def test_insert_rows(self):
        Tag = self.env["res.partner.category"]
        ids = bulk.insert_rows(Tag, [{"name": "raw A", "active": True, "color": 1},
                                     {"name": "raw B", "active": True, "color": 2}])
        tags = Tag.browse(ids)
        self.assertEqual(tags.mapped("name"), ["raw A", "raw B"])
        self.assertEqual(tags.mapped("create_uid"), self.env.user)

    def test_next_sequence_values(self):
        Sequence = self.env["ir.sequence"]
        for implementation in ("standard", "no_gap"):
            one = Sequence.create({"name": "bulk " + implementation,
                                   "implementation": implementation,
                                   "prefix": "B/", "padding": 4})
            two = Sequence.create({"name": "bulk twin " + implementation,
                                   "implementation": implementation,
                                   "prefix": "B/", "padding": 4})
            self.assertEqual(bulk.next_sequence_values(one, 3),
                             [two.next_by_id() for _i in range(3)])
            # the next single draw continues after the batch
            self.assertEqual(one.next_by_id(), "B/0004")
            self.assertEqual(bulk.next_sequence_values(one, 0), [])

    def test_read_stored_as_read(self):
        """``read_stored`` gives what ``read(load='')`` gives, empty columns
        included (0 for integers, 0.0 for floats, False otherwise), in the
        order of the ids asked, and leaves fields it cannot read to the ORM."""
        self.maxDiff = None
        partners = self.env["res.partner"].create({
            "name": "Bulk read A", "date": "2026-11-11", "color": 3,
            "credit_limit": 30.2741, "type": "delivery", "ref": "R-1"})
        partners |= self.env["res.partner"].create({"name": "Bulk read B",
                                                    "parent_id": partners.id})
        self.env.cr.execute("UPDATE res_partner SET color = NULL, "
                            "credit_limit = NULL WHERE id = %s", [partners[1].id])
        partners.invalidate_cache()
        names = ["date", "color", "credit_limit", "type", "active", "parent_id",
                 "ref", "create_date", "write_uid"]
        ids = list(reversed(partners.ids)) + [-1]
        fast = bulk.read_stored(partners, ids, names)
        self.assertEqual(fast, partners.browse(list(reversed(partners.ids))).read(
            names, load=""))
        self.assertEqual((fast[0]["color"], fast[0]["credit_limit"],
                          fast[0]["date"], fast[0]["parent_id"]),
                         (0, 0.0, False, partners[0].id))
        self.assertEqual(fast[1]["date"], "2026-11-11")

        uom = self.product.uom_id
        moves = self.env["stock.move"].create({
            "name": "bulk read move", "product_id": self.product.id,
            "product_uom": uom.id, "product_uom_qty": 2.5,
            "location_id": self.env.ref("stock.stock_location_stock").id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id})
        names = ["name", "product_uom_qty", "product_id", "date", "state",
                 "sequence", "origin", "picking_id", "price_unit"]
        self.assertEqual(bulk.read_stored(moves, moves.ids, names),
                         moves.read(names, load=""))
        for model, name in ((self.product.product_tmpl_id, "name"),     # translated
                            (self.product.product_tmpl_id, "product_variant_ids"),
                            (self.product, "qty_available")):         # not stored
            self.assertIsNone(bulk.read_stored(model, model.ids, [name]), name)

    def test_fast_path_registry_check(self):
        Sale = self.env["sale.order"]
        modules = bulk.overriding_modules(Sale, "create")
        self.assertTrue({"sale", "mail"} <= modules, modules)
        self.assertTrue(bulk.fast_path(Sale, ["create"], modules))
        unknown = "sale"
        logger = "odoo.addons.ecom_base.tools.bulk"
        bulk._LOGGED.clear()
        with self.assertLogs(logger, logging.INFO) as logged:
            self.assertFalse(bulk.fast_path(Sale, ["create"], modules - {unknown}))
            self.assertFalse(bulk.fast_path(Sale, ["create"], modules - {unknown}))
        # logged once, naming the module that forces the ORM path
        self.assertEqual(len(logged.output), 1)
        self.assertIn(unknown, logged.output[0])
