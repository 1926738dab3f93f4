"""The refill toolkit (tools/bulk_fill.py): keys and indexes off and back as
the ORM makes them, orphans handled by the key's rule, COPY of awkward text."""
from unittest.mock import patch

from odoo.tests.common import SavepointCase

from odoo.addons.ecom_base.tools import bulk_fill


class TestBulkFill(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Denial = cls.env["ecom.gate.denial"]
        cls.cr = cls.env.cr

    def _schema(self, table):
        """(foreign keys as (name, column, referenced table, delete rule),
        index names) of ``table``."""
        self.cr.execute("""
            SELECT c.conname, a.attname, c.confrelid::regclass::text,
                   c.confdeltype, c.convalidated
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.conrelid = %s::regclass AND c.contype = 'f'
          ORDER BY 1""", (table,))
        keys = self.cr.fetchall()
        self.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s "
                        "ORDER BY 1", (table,))
        return keys, [row[0] for row in self.cr.fetchall()]

    def _insert_denial(self, user_id, target):
        self.cr.execute("""
            INSERT INTO ecom_gate_denial (user_id, day, kind, target, count)
            VALUES (%s, '2026-01-01', 'method', %s, 1) RETURNING id""",
                        (user_id, target))
        return self.cr.fetchone()[0]

    def test_drop_and_restore_give_the_orm_schema(self):
        before = self._schema("ecom_gate_denial")
        self.assertIn(("ecom_gate_denial_user_id_fkey", "user_id", "res_users",
                       "c", True), before[0])
        self.assertIn("ecom_gate_denial_day_index", before[1])
        bulk_fill.drop_for_fill(self.Denial)
        keys, indexes = self._schema("ecom_gate_denial")
        self.assertEqual(keys, [])
        self.assertNotIn("ecom_gate_denial_day_index", indexes)
        self.assertNotIn("ecom_gate_denial_user_id_index", indexes)
        bulk_fill.restore_after_fill(self.Denial)
        self.assertEqual(self._schema("ecom_gate_denial"), before)
        # restoring twice (a resumed run) changes nothing
        bulk_fill.restore_after_fill(self.Denial)
        self.assertEqual(self._schema("ecom_gate_denial"), before)

    def test_key_left_unvalidated_is_validated(self):
        """A restore interrupted after adding its keys NOT VALID: the next
        restore validates them."""
        before = self._schema("ecom_gate_denial")
        calls = []
        bulk_fill.drop_for_fill(self.Denial, commit=lambda: calls.append("drop"))
        self.cr.execute(
            "ALTER TABLE ecom_gate_denial ADD CONSTRAINT "
            "ecom_gate_denial_user_id_fkey FOREIGN KEY (user_id) "
            "REFERENCES res_users(id) ON DELETE CASCADE NOT VALID")
        self.assertFalse(self._schema("ecom_gate_denial")[0][0][4])
        bulk_fill.restore_after_fill(self.Denial,
                                     commit=lambda: calls.append("restore"))
        self.assertEqual(self._schema("ecom_gate_denial"), before)
        self.assertEqual(calls, ["drop", "restore"])

    def test_keep_indexes(self):
        bulk_fill.drop_for_fill(self.Denial, keep_indexes=("user_id",))
        indexes = self._schema("ecom_gate_denial")[1]
        self.assertIn("ecom_gate_denial_user_id_index", indexes)
        self.assertNotIn("ecom_gate_denial_day_index", indexes)

    def test_orphans_follow_the_rule_of_the_key(self):
        """A user deleted while the key was off: ON DELETE CASCADE deletes
        the rows that point to it when the key comes back."""
        user = self.env["res.users"].create({"name": "Fill U", "login": "fill_u"})
        bulk_fill.drop_for_fill(self.Denial)
        kept = self._insert_denial(self.env.uid, "kept.method")
        orphan = self._insert_denial(user.id, "orphan.method")
        self.cr.execute("DELETE FROM res_users WHERE id = %s", (user.id,))
        bulk_fill.restore_after_fill(self.Denial)
        self.cr.execute("SELECT id FROM ecom_gate_denial WHERE id IN %s",
                        ((kept, orphan),))
        self.assertEqual([row[0] for row in self.cr.fetchall()], [kept])
        keys = self._schema("ecom_gate_denial")[0]
        self.assertEqual([key[4] for key in keys], [True] * len(keys))

    def _key_not_valid(self, table, rule):
        """A key of ``table``.user_id to res_users added NOT VALID (as
        restore_after_fill adds it), then validated by the toolkit."""
        self.cr.execute(
            'ALTER TABLE "%s" ADD CONSTRAINT "%s_user_id_fkey" FOREIGN KEY (user_id) '
            'REFERENCES res_users(id) ON DELETE %s NOT VALID' % (table, table, rule))
        bulk_fill._validate(self.cr, table, "%s_user_id_fkey" % table, "user_id",
                            "res_users", rule.lower())

    def test_restrict_orphans_are_refused(self):
        """A rule that allows neither deleting nor emptying: FillError (the
        tables of these two tests are rolled back with the test)."""
        self.cr.execute("""
            CREATE TABLE ecom_fill_probe (id serial PRIMARY KEY, user_id int)""")
        self.cr.execute("INSERT INTO ecom_fill_probe (user_id) VALUES (-7)")
        with self.assertRaises(bulk_fill.FillError):
            self._key_not_valid("ecom_fill_probe", "RESTRICT")

    def test_set_null_orphans_are_emptied(self):
        self.cr.execute("""
            CREATE TABLE ecom_fill_probe2 (id serial PRIMARY KEY, user_id int)""")
        self.cr.execute("INSERT INTO ecom_fill_probe2 (user_id) VALUES (%s), (-7)",
                        (self.env.uid,))
        self._key_not_valid("ecom_fill_probe2", "SET NULL")
        self.cr.execute("SELECT user_id FROM ecom_fill_probe2 ORDER BY id")
        self.assertEqual([row[0] for row in self.cr.fetchall()], [self.env.uid, None])

    def test_copy_rows_escapes(self):
        self.cr.execute("CREATE TEMP TABLE ecom_fill_copy (a text, b float8, c int)")
        text = "tab\there\nline\\slash\rcr"
        bulk_fill.copy_rows(self.cr, "ecom_fill_copy", ("a", "b", "c"), [
            (bulk_fill.copy_text(text), -0.0, 3),
            (bulk_fill.copy_text(None), 0.1, bulk_fill.NULL)])
        self.cr.execute(
            "SELECT a, b::text, c FROM ecom_fill_copy ORDER BY c NULLS LAST")
        self.assertEqual(self.cr.fetchall(), [(text, "0", 3), (None, "0.1", None)])

    def test_keys_off_for_good(self):
        """``_foreign_keys_off``: the key dropped, kept off by a restore
        after a fill; apply_ondelete does what its rule (CASCADE) did. The
        SET NULL rule: ecom_margin/tests/test_keys_off.py."""
        user = self.env["res.users"].create({"name": "Off U", "login": "off_u"})
        kept = self._insert_denial(self.env.uid, "kept.method")
        gone = self._insert_denial(user.id, "gone.method")
        with patch.object(type(self.Denial), "_foreign_keys_off", ("user_id",),
                          create=True):
            self.assertEqual(bulk_fill.foreign_keys(self.Denial), {})
            bulk_fill._drop_keys_off(self.Denial)
            self.assertEqual(self._schema("ecom_gate_denial")[0], [])
            bulk_fill.drop_for_fill(self.Denial)
            bulk_fill.restore_after_fill(self.Denial)
            self.assertEqual(self._schema("ecom_gate_denial")[0], [])
            bulk_fill.apply_ondelete([self.Denial], "res.users", [user.id])
        self.cr.execute("SELECT id FROM ecom_gate_denial WHERE id IN %s",
                        ((kept, gone),))
        self.assertEqual(self.cr.fetchall(), [(kept,)])

    def test_restrict_key_cannot_be_off(self):
        field = self.Denial._fields["user_id"]
        rule = field.ondelete
        field.ondelete = "restrict"
        try:
            with patch.object(type(self.Denial), "_foreign_keys_off", ("user_id",),
                              create=True):
                with self.assertRaises(ValueError):
                    bulk_fill.apply_ondelete([self.Denial], "res.users",
                                             [self.env.uid])
        finally:
            field.ondelete = rule
