"""Hash chain of audit rows: the pure chain (table-driven, no database), then
the audit models as the roles use them (sealing, tampering, copy, who may
verify, daily quota counters)."""
import datetime
import unittest

from odoo.exceptions import AccessError, UserError

from odoo.addons.ecom_base.tools import bulk

from ..services import audit_chain as ac
from ..services import quota
from .common import CANARY, PiiCase


def _chain(payloads):
    rows, previous = [], ac.GENESIS
    for key, payload in enumerate(payloads, 1):
        digest = ac.chain_hash(previous, payload)
        rows.append((key, payload, previous, digest))
        previous = digest
    return rows


PAYLOADS = [
    {"user": 7, "kind": "reveal", "fields": "phone", "at": "2026-01-01 10:00:00"},
    {"user": 7, "kind": "label", "picking": 42, "at": "2026-01-01 10:01:00"},
    {"user": 8, "kind": "stock", "qty_before": 5.0, "qty_after": 3.0},
]


class TestCanonical(unittest.TestCase):
    def test_key_order_and_falsy_values_do_not_matter(self):
        cases = [
            ({"b": 1, "a": "x"}, {"a": "x", "b": 1}),
            ({"a": False}, {"a": None}),
            ({"q": 1.0}, {"q": 1.0000000001}),
            ({"n": "张三"}, {"n": "张三"}),
        ]
        for left, right in cases:
            self.assertEqual(ac.canonical(left), ac.canonical(right))

    def test_distinct_payloads_differ(self):
        self.assertNotEqual(ac.canonical({"a": 1}), ac.canonical({"a": "1"}))
        self.assertNotEqual(ac.canonical({"q": 1.0}), ac.canonical({"q": 1.5}))

    def test_non_ascii_kept_and_not_a_dict_refused(self):
        self.assertIn("张三", ac.canonical({"n": "张三"}))
        with self.assertRaises(TypeError):
            ac.canonical(["not", "a", "dict"])

    def test_bad_previous_hash_refused(self):
        for bad in ("", None, "abc"):
            with self.assertRaises(ValueError):
                ac.chain_hash(bad, {})


class TestVerify(unittest.TestCase):
    def test_intact_chain(self):
        self.assertIsNone(ac.verify(_chain(PAYLOADS)))
        self.assertIsNone(ac.verify([]))

    def test_tampering_reports_first_broken_link(self):
        def change_payload(rows):
            key, payload, prev, digest = rows[1]
            rows[1] = (key, dict(payload, picking=43), prev, digest)
            return rows

        def delete_row(rows):
            del rows[1]
            return rows

        def swap_rows(rows):
            rows[0], rows[1] = rows[1], rows[0]
            return rows

        def rehash_one_row(rows):
            # An attacker recomputes the hash of the row he changed: the next
            # row's stored previous hash no longer matches.
            key, payload, prev, _digest = rows[0]
            payload = dict(payload, fields="email")
            rows[0] = (key, payload, prev, ac.chain_hash(prev, payload))
            return rows

        cases = [
            (change_payload, (2, "hash")),
            (delete_row, (3, "previous_hash")),
            (swap_rows, (2, "previous_hash")),
            (rehash_one_row, (2, "previous_hash")),
        ]
        for tamper, expected in cases:
            with self.subTest(tamper=tamper.__name__):
                self.assertEqual(ac.verify(tamper(_chain(PAYLOADS))), expected)

    def test_head_catches_removed_newest_rows(self):
        rows = _chain(PAYLOADS)
        head = rows[-1][3]
        self.assertIsNone(ac.verify(rows, head))
        # the last row deleted: every remaining link is fine, the head is not
        self.assertEqual(ac.verify(rows[:-1], head), (None, "head"))
        self.assertEqual(ac.verify([], head), (None, "head"))
        self.assertIsNone(ac.verify([], ac.GENESIS))


class TestSeal(unittest.TestCase):
    def test_batches_continue_one_chain(self):
        keyed = list(enumerate(PAYLOADS, 1))
        whole = ac.seal(ac.GENESIS, keyed)
        first = ac.seal(ac.GENESIS, keyed[:1])
        rest = ac.seal(first[-1][3], keyed[1:], last_position=first[-1][1])
        self.assertEqual(first + rest, whole)
        self.assertEqual([row[1] for row in whole], [1, 2, 3])
        self.assertEqual([row[2:] for row in whole],
                         [row[2:] for row in _chain(PAYLOADS)])
        self.assertEqual(ac.seal("f" * 64, []), [])


class TestAuditRows(PiiCase):
    """The audit models: rows written unchained, sealed in order, verified."""

    def setUp(self):
        super().setUp()
        self.Log = self.env["ecom.pii.access.log"].sudo()
        self.Log._audit_seal()  # rows other fixtures left unsealed

    def _labels(self, count):
        return [self.Log.create({"kind": "label", "picking_id": self.delivery.id,
                                 "field_names": "name,street"}).id
                for _ in range(count)]

    def _head(self):
        self.env.cr.execute("SELECT seal_seq, row_hash FROM ecom_audit_chain_head "
                            "WHERE chain = 'ecom_pii_access_log'")
        return self.env.cr.fetchone()

    def _verify_after(self, sql, params):
        """verify_chain after ``sql``, then the tampering is rolled back."""
        class Undo(Exception):
            pass
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(sql, params)
                self.Log.invalidate_cache()
                result = self.Log.verify_chain()
                raise Undo
        except Undo:
            self.Log.invalidate_cache()
        return result["ok"], result["broken_id"], result["reason"]

    def test_rows_are_written_unchained_and_sealed_in_id_order(self):
        ids = self._labels(3)
        rows = self.Log.browse(ids)
        self.assertEqual(rows.mapped("seal_seq"), [0, 0, 0])  # not sealed yet
        self.assertEqual(self.Log.verify_chain()["pending"], 0)  # it seals first
        rows.invalidate_cache()
        positions = [rows.browse(i).seal_seq for i in ids]
        self.assertEqual(positions, list(range(positions[0], positions[0] + 3)))
        last = rows.browse(ids[-1])
        self.assertEqual(self._head(), (last.seal_seq, last.row_hash))
        self.assertEqual(last.prev_hash, rows.browse(ids[1]).row_hash)
        self.assertEqual(self.Log._audit_seal(), 0)  # nothing left to seal
        outcome = self.Log.verify_chain()
        self.assertEqual((outcome["ok"], outcome["pending"]), (True, 0))

    def test_one_seal_after_commit_per_transaction(self):
        cr = self.env.cr
        self._labels(1)
        handlers = len(cr._event_handlers["commit"])
        self._labels(2)  # more rows: no second sealer for the same commit
        self.assertEqual(len(cr._event_handlers["commit"]), handlers)
        self.assertIn("ecom.pii.access.log",
                      cr.__dict__["_ecom_audit_seal_pending"])

    def test_chain_columns_cannot_be_forged_at_create(self):
        row = self.Log.create({"kind": "label", "picking_id": self.delivery.id,
                               "seal_seq": 999999, "prev_hash": "f" * 64,
                               "row_hash": "e" * 64})
        self.assertEqual((row.seal_seq, row.prev_hash, row.row_hash),
                         (0, False, False))
        self.assertTrue(self.Log.verify_chain()["ok"])

    def test_tampering_deletion_reordering_and_tail_removal_detected(self):
        first, second, third = self._labels(3)
        self.assertTrue(self.Log.verify_chain()["ok"])
        positions = {row.id: row.seal_seq for row in self.Log.browse([first, second])}
        table = "ecom_pii_access_log"
        cases = [
            ("changed", "UPDATE %s SET field_names = 'email' WHERE id = %%s" % table,
             (second,), (False, second, "hash")),
            ("deleted", "DELETE FROM %s WHERE id = %%s" % table,
             (second,), (False, third, "previous_hash")),
            ("reordered", "UPDATE %s SET seal_seq = -1 WHERE id = %%s; "
             "UPDATE %s SET seal_seq = %%s WHERE id = %%s; "
             "UPDATE %s SET seal_seq = %%s WHERE id = %%s" % (table, table, table),
             (first, positions[first], second, positions[second], first),
             (False, second, "previous_hash")),
            ("unsealed", "UPDATE %s SET seal_seq = NULL WHERE id = %%s" % table,
             (second,), (False, third, "previous_hash")),
            ("newest deleted", "DELETE FROM %s WHERE id = %%s" % table,
             (third,), (False, False, "head")),
        ]
        for name, sql, params, expected in cases:
            with self.subTest(name):
                self.assertEqual(self._verify_after(sql, params), expected)
        self.assertTrue(self.Log.verify_chain()["ok"])  # all rolled back

    def test_many_rows_at_once_as_one_create_each(self):
        """``_audit_create_many`` (one INSERT, used for the stock rows of a
        big transfer) writes what ``create`` per row writes, in order, with
        forged chain columns dropped, and the rows are sealed at commit."""
        stock_log = self.env["ecom.stock.audit.log"].sudo()
        stock_log._audit_seal()
        fields = stock_log._audit_fields + ["user_id"]
        vals_list = [{
            "operation": "picking", "reference": "REF/%d" % i,
            "picking_id": self.delivery.id, "product_id": self.product.id,
            "location_id": self.stock.id,
            "location_dest_id": self.delivery.location_dest_id.id,
            "quantity": i + 0.5, "src_qty_before": 10.0 - i,
            "src_qty_after": 9.5 - 2 * i, "dest_qty_before": 0.0,
            "dest_qty_after": i + 0.5, "user_id": self.env.uid,
        } for i in range(3)]
        one_by_one = stock_log.browse([stock_log.create(dict(v)).id for v in vals_list])
        forged = [dict(v, seal_seq=999999, row_hash="e" * 64) for v in vals_list]
        many = stock_log._audit_create_many(forged)
        self.assertEqual(len(many), 3)
        self.assertEqual(many.ids, sorted(many.ids))
        self.assertGreater(many.ids[0], one_by_one.ids[-1])
        self.assertEqual(many.read(fields, load=""), [
            dict(row, id=new_id) for row, new_id in
            zip(one_by_one.read(fields, load=""), many.ids)])
        self.assertEqual(many.mapped("seal_seq"), [0, 0, 0])
        self.assertIn("ecom.stock.audit.log",
                      self.env.cr.__dict__["_ecom_audit_seal_pending"])
        outcome = stock_log.verify_chain()
        self.assertEqual((outcome["ok"], outcome["pending"]), (True, 0))
        many.invalidate_cache()
        positions = many.mapped("seal_seq")
        self.assertEqual(positions, list(range(positions[0], positions[0] + 3)))
        self.assertEqual(stock_log._audit_create_many([]), stock_log.browse())

    def test_sealer_reads_rows_in_one_query_as_read(self):
        """The sealer and the verifier read the chained fields of both audit
        models with the toolkit's one query (not the ORM's read), values as
        ``read`` gives them, in the order asked."""
        ids = self._labels(2)
        for model in (self.Log, self.env["ecom.stock.audit.log"].sudo()):
            names = ["logged_at", "user_id", "seal_seq", "prev_hash",
                     "row_hash"] + list(model._audit_fields)
            self.assertIsNotNone(bulk.read_stored(model, [], names), model._name)
        self.Log._audit_seal()
        names = ["logged_at", "user_id", "seal_seq", "prev_hash",
                 "row_hash"] + list(self.Log._audit_fields)
        ids = list(reversed(ids))
        self.assertEqual(self.Log._audit_read(ids, names),
                         self.Log.browse(ids).read(names, load=""))

    def test_rows_cannot_be_copied_changed_or_deleted(self):
        row = self.Log.browse(self._labels(1))
        officer = self.users["privacy_officer"]
        for actor in (row, row.sudo(officer)):
            for attempt in (lambda r: r.copy(), lambda r: r.write({"note": "x"}),
                            lambda r: r.unlink()):
                with self.assertRaises(UserError):
                    attempt(actor)
        self.assertEqual(self.Log.search_count([("id", ">", row.id)]), 0)

    def test_only_privacy_officer_and_administrators_verify(self):
        admin = _user(self.env, "audit_admin", "base.group_system")
        for model in ("ecom.pii.access.log", "ecom.stock.audit.log"):
            for role in ("warehouse_operator", "warehouse_manager",
                         "customer_service", "purchase_planner"):
                with self.subTest(model=model, role=role):
                    with self.assertRaises(AccessError):
                        self.as_role(role, model).verify_chain()
            self.assertTrue(self.as_role("privacy_officer", model).verify_chain()["ok"])
            self.assertTrue(self.env[model].sudo(admin).verify_chain()["ok"])
        # the warehouse manager reads the stock log, the wizard does not help him
        wizard = self.env["ecom.audit.verify.wizard"].sudo(
            self.users["warehouse_manager"]).create({"trail": "ecom.stock.audit.log"})
        with self.assertRaises(AccessError):
            wizard.action_verify()
        wizard = self.env["ecom.audit.verify.wizard"].sudo(
            self.users["privacy_officer"]).create({"trail": "ecom.stock.audit.log"})
        wizard.action_verify()
        self.assertTrue(wizard.result.startswith("Intact"), wizard.result)


def _user(env, login, *groups):
    """A fresh user of ``groups`` (demo users may have used today's quota in
    earlier integration runs on the same database)."""
    return env["res.users"].with_context(no_reset_password=True).create({
        "name": login.replace("_", " ").title(), "login": login,
        "groups_id": [(6, 0, [env.ref(g).id for g in ("base.group_user",) + groups])],
    })


class TestQuotaCounter(PiiCase):
    """One counter row per user, kind and day; refusals count nothing."""

    def test_counter_day_is_the_utc_day(self):
        for now, day in ((datetime.datetime(2026, 3, 1, 23, 59, 59), "2026-03-01"),
                         (datetime.datetime(2026, 3, 2, 0, 0, 0), "2026-03-02")):
            self.assertEqual(quota.day_of(now), day)

    def test_consume_within_limit_then_refuse(self):
        Usage = self.env["ecom.pii.quota.usage"]
        operator = _user(self.env, "quota_operator",
                         "ecom_base.group_warehouse_operator")
        manager = _user(self.env, "quota_manager", "ecom_base.group_warehouse_manager")
        # limit 3: 2 labels (1 left), 1 more (0 left), 1 more refused
        self.assertEqual(Usage._consume("label", operator, 3, wanted=2), 1)
        self.assertEqual(Usage._consume("label", operator, 3), 0)
        with self.assertRaises(quota.QuotaExceeded) as err:
            Usage._consume("label", operator, 3)
        self.assertEqual((err.exception.limit, err.exception.used), (3, 3))
        row = Usage.search([("user_id", "=", operator.id), ("kind", "=", "label")])
        row.invalidate_cache()
        self.assertEqual(row.used, 3)  # the refused print was not counted
        # other users and other kinds have their own counters
        self.assertEqual(Usage._consume("label", manager, 3), 2)
        self.assertEqual(Usage._consume("reveal", operator, 3), 2)
        # unlimited (privacy officer): no counter row, no row lock
        officer = _user(self.env, "quota_officer", "ecom_base.group_privacy_officer")
        self.assertIsNone(Usage._consume("reveal", officer, None))
        self.assertFalse(Usage.search([("user_id", "=", officer.id)]))

    def test_label_count_does_not_queue_behind_a_running_print(self):
        """A print of the same user being counted in another transaction
        (rendering its PDF) refuses this one after the short wait, and
        this transaction stays usable; nothing is counted."""
        Usage = self.env["ecom.pii.quota.usage"]
        operator = self.env.ref("ecom_base.user_warehouse_operator_demo")
        day = quota.day_of(datetime.datetime.utcnow())
        with self.registry.cursor() as other:
            # the other print's uncommitted count holds the row
            other.execute(
                "INSERT INTO ecom_pii_quota_usage (user_id, kind, day, used) "
                "VALUES (%s, 'label', %s, 1) ON CONFLICT (user_id, kind, day) "
                "DO UPDATE SET used = ecom_pii_quota_usage.used + 1",
                (operator.id, day))
            with self.assertRaises(quota.QuotaBusy):
                Usage._consume("label", operator, 300, lock_timeout=200)
            other.rollback()
        self.env.cr.execute("SELECT 1")  # the transaction was not aborted
        self.assertEqual(Usage._consume("reveal", operator, 3), 2)

    def test_reveal_counts_against_the_daily_limit(self):
        self.env["ir.config_parameter"].set_param(
            "ecom_pii_guard.reveal_daily_limit", "1")
        manager = _user(self.env, "quota_cs_manager",
                        "ecom_base.group_customer_service_manager")
        customer = self.customer.sudo(manager)
        self.assertEqual(
            customer.ecom_pii_reveal("phone", "customer_care", "case 1")["value"],
            CANARY["phone"])
        with self.assertRaises(UserError):
            customer.ecom_pii_reveal("phone", "customer_care", "case 2")
        logs = self.env["ecom.pii.access.log"].search(
            [("kind", "=", "reveal"), ("user_id", "=", manager.id),
             ("partner_id", "=", self.customer.id)])
        self.assertEqual(logs.mapped("note"), ["case 1"])
