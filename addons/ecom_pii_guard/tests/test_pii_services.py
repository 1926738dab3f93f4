"""The guard's pure decisions (scope SQL, protection SQL, oracles, chatter),
no database."""
import collections
import unittest

from ..services import chatter, cs_scope, pii_policy, protection


class TestCsScope(unittest.TestCase):
    def test_partner_domain(self):
        domain = cs_scope.partner_domain("author_id", 7)
        self.assertEqual(domain[:2], ["|", ("author_id", "=", False)])
        field, operator, (query, params) = domain[2]
        self.assertEqual((field, operator), ("author_id", "inselect"))
        self.assertEqual(query, cs_scope.PARTNERS)
        self.assertEqual(params, [7] * cs_scope.PARTNER_PARAMS)
        self.assertEqual(query.count("%s"), cs_scope.PARTNER_PARAMS)

    def test_document_domain_covers_each_document_model(self):
        domain = cs_scope.document_domain("res_model", 3)
        models = [leaf[2] for leaf in domain
                  if isinstance(leaf, tuple) and leaf[1] == "="
                  and leaf[2] is not False]
        self.assertEqual(sorted(models), sorted(cs_scope.DOCUMENTS))
        self.assertIn(("res_model", "not in", list(cs_scope.DOCUMENTS)), domain)
        for leaf in domain:
            if isinstance(leaf, tuple) and leaf[1] == "inselect":
                query, params = leaf[2]
                self.assertEqual(query.count("%s"), len(params))
                self.assertEqual(set(params), {3})
        # a valid prefix domain: one more leaf than binary operators
        leaves = sum(1 for item in domain if isinstance(item, tuple))
        operators = sum(1 for item in domain if item in ("|", "&"))
        self.assertEqual(leaves, operators + 1)

    def test_each_scope_query_takes_only_the_user(self):
        for query, count in cs_scope.DOCUMENTS.values():
            self.assertEqual(query.count("%s"), count)
        self.assertEqual(cs_scope.MOVES.count("%s"), 2)


class TestProtectionSql(unittest.TestCase):
    def test_queries_are_constant_and_parametrised(self):
        self.assertEqual(protection.PROTECTED_QUERY.count("%s"), 1)
        self.assertEqual(protection.ALLOWED_QUERY.count("%s"), 0)
        self.assertNotIn("%s", protection.BACKFILL_QUERY)
        # the partner, its parent and its commercial entity are all looked at
        for alias in ("p.", "par.", "c."):
            self.assertIn(alias + "ecom_pii_protected", protection.PROTECTED_SQL)
        # internal users and companies are exempt
        self.assertIn("u.share IS NOT TRUE", protection.PROTECTED_SQL)
        self.assertIn("res_company", protection.PROTECTED_SQL)


class TestOracles(unittest.TestCase):
    def test_domain_reads_personal(self):
        cases = [
            ([("email", "=", "a@b.cn")], True),
            (["|", ("supplier", "=", True), ("name", "ilike", "Z")], True),
            # a path through a relation is searched, and guarded, on its model
            ([("child_ids.name", "ilike", "Z")], False),
            ([("phone_bidx", "=", "x")], True),       # blind index: same oracle
            ([("supplier", "=", True), ("id", "in", [1])], False),
            ([(1, "=", 1)], False),
            ([], False),
            (None, False),
        ]
        for domain, expected in cases:
            self.assertEqual(pii_policy.domain_reads_personal(domain), expected,
                             domain)

    def test_group_names(self):
        self.assertEqual(pii_policy.group_names(
            ["max(amount)", "city:count"], "create_date:month", "email desc, id"),
            ["create_date", "amount", "city", "email", "id"])
        self.assertEqual(pii_policy.partner_group_names(["zip"], ["city", "x:day"]),
                         ["city", "x", "zip"])
        self.assertEqual(pii_policy.first_blocked(["id", "zip", "city"],
                                                  pii_policy.masked_group_blocked()),
                         "zip")
        self.assertIsNone(pii_policy.first_blocked(["id"], {"zip"}))

    def test_blocked_fields(self):
        personal = frozenset({"partner_name"})
        self.assertEqual(pii_policy.order_blocked_fields("hidden", personal, False),
                         personal)
        self.assertIn("email", pii_policy.order_blocked_fields("masked", (), True))
        self.assertFalse(pii_policy.order_blocked_fields("masked", (), False))
        self.assertFalse(pii_policy.order_blocked_fields("clear", personal, True))
        self.assertEqual(pii_policy.export_blocked_fields("hidden", personal, True),
                         personal)
        self.assertEqual(pii_policy.export_blocked_fields("masked", personal, True),
                         pii_policy.CONTACT_FIELDS)
        self.assertEqual(pii_policy.export_blocked_fields("masked", personal, False),
                         ())

    def test_export_path_parts(self):
        self.assertEqual(pii_policy.export_path_parts("partner_id/email"),
                         ["partner_id", "email"])
        self.assertEqual(pii_policy.export_path_parts("partner_id/id"),
                         ["partner_id"])
        self.assertEqual(pii_policy.export_path_parts("partner_id:id"),
                         ["partner_id"])
        self.assertEqual(pii_policy.export_path_parts(".id"), [])

    def test_related_personal(self):
        Field = collections.namedtuple("Field", "related related_field model_name name")
        email = Field(None, None, "res.partner", "email")
        partner_email = Field(("partner_id", "email"), email, "sale.order", "x")
        hop = Field(("order_id", "x"), partner_email, "sale.order.line", "y")
        total = Field(None, None, "sale.order", "amount")
        amount = Field(("order_id", "amount"), total, "x", "z")
        self.assertTrue(pii_policy.related_personal(partner_email))
        self.assertTrue(pii_policy.related_personal(hop))
        self.assertFalse(pii_policy.related_personal(amount))
        self.assertFalse(pii_policy.related_personal(email))

    def test_flatten_and_erase(self):
        rows = [{"id": 1, "partner_id": (4, "Zhang San"), "state": "sale"}]
        self.assertEqual(pii_policy.flatten_many2one(rows),
                         [{"id": 1, "partner_id": "Zhang San", "state": "sale"}])
        self.assertIn("email", pii_policy.ERASED_FIELDS)
        self.assertNotIn("name", pii_policy.ERASED_FIELDS)
        self.assertEqual(pii_policy.REFERENCE_FIELDS["stock.picking"],
                         ("origin", "name"))


class TestChatter(unittest.TestCase):
    def test_mask_free_text(self):
        text = chatter.mask_free_text("call 138 0013 8000 or li.lei@example.com")
        self.assertNotIn("0013 8000", text)
        self.assertNotIn("li.lei@example.com", text)
        self.assertTrue(text.startswith("call "))

    def test_body_for_hidden(self):
        self.assertIsNone(chatter.body_for_hidden("<p>hi</p>", 5, {5}))
        self.assertIsNone(chatter.body_for_hidden("<p>hi</p>", False, set()))
        self.assertEqual(chatter.body_for_hidden("<p>ok</p>", 6, {5}), "<p>ok</p>")

    def test_tracking_is_personal(self):
        cases = [
            ("stock.picking", None, None, "masked", True),      # unknown field
            ("stock.picking", "many2one", "res.partner", "hidden", True),
            ("stock.picking", "many2one", "res.partner", "masked", False),
            ("res.partner", "char", None, "masked", True),
            ("stock.picking", "char", None, "hidden", False),
        ]
        for model, ftype, comodel, level, expected in cases:
            self.assertEqual(chatter.tracking_is_personal(model, ftype, comodel,
                                                          level), expected)

    def test_relabel_message(self):
        message = {
            "author_id": (5, "Zhang San"), "email_from": "zs@example.com",
            "partner_ids": [(5, "Zhang San"), (9, "Staff")],
            "customer_email_data": [(5, "Zhang San", "sent")],
            "tracking_value_ids": [{"id": 1, "old_value": "Zhang San",
                                    "new_value": "Li Si"},
                                   {"id": 2, "old_value": "draft",
                                    "new_value": "done"}],
        }
        self.assertEqual(chatter.message_partner_ids([message]), {5, 9})
        chatter.relabel_message(message, {5: "Z*** (WH/OUT/1)"}, {5}, {1})
        self.assertEqual(message["author_id"], (5, "Z*** (WH/OUT/1)"))
        self.assertNotEqual(message["email_from"], "zs@example.com")
        self.assertEqual(message["partner_ids"], [(5, "Z*** (WH/OUT/1)"),
                                                  (9, "Staff")])
        self.assertEqual(message["customer_email_data"][0][1], "Z*** (WH/OUT/1)")
        self.assertNotIn("Zhang", message["tracking_value_ids"][0]["old_value"])
        self.assertEqual(message["tracking_value_ids"][1]["new_value"], "done")

    def test_anonymous_author(self):
        message = {"author_id": (0, ""), "email_from": "x@y.cn"}
        chatter.relabel_message(message, {}, set(), set())
        self.assertEqual(message["author_id"][0], 0)
        self.assertNotIn("x@y.cn", message["author_id"][1])

    def test_mask_senders(self):
        rows = [{"email_from": "a@b.cn", "reply_to": False}]
        chatter.mask_senders(rows)
        self.assertNotEqual(rows[0]["email_from"], "a@b.cn")
        self.assertFalse(rows[0]["reply_to"])


class TestComposerTexts(unittest.TestCase):
    def test_texts_are_template(self):
        from ..services.template_sandbox import texts_are_template

        def has_syntax(text):
            return bool(text) and "${" in text
        stored = [("subject", "${object.name}", "${object.name}"),
                  ("body", "<p>${object.name}</p>", "<p>${object.name}</p>"),
                  ("email_from", "me@shop.cn", "${user.email}"),   # plain text
                  ("reply_to", False, None)]
        self.assertTrue(texts_are_template(stored, has_syntax))
        typed = stored[:1] + [("body", "<p>${object.sudo().vat}</p>",
                               "<p>${object.name}</p>")]
        self.assertFalse(texts_are_template(typed, has_syntax))
        signed = [("body", "<p>${object.name}</p><p>-- Li</p>",
                   "<p>${object.name}</p>")]
        self.assertFalse(texts_are_template(signed, has_syntax))
        self.assertTrue(texts_are_template(
            signed, has_syntax, signed_body="<p>${object.name}</p><p>-- Li</p>"))


class TestAuditSql(unittest.TestCase):
    def test_queries_of_a_table(self):
        from ..services import audit_sql
        schema, last, head = audit_sql.init_queries("ecom_pii_access_log")
        self.assertIn("ecom_pii_access_log_seal_seq_uniq", schema)
        self.assertIn(audit_sql.HEAD_TABLE, schema)
        self.assertNotIn("%s", schema + last)
        self.assertEqual(head.count("%s"), 3)
        update = audit_sql.seal_update("ecom_pii_access_log", 3)
        self.assertEqual(update.count("%s"), 12)   # (id, position, prev, hash) x 3
        self.assertEqual(audit_sql.unsealed_ids("t").count("%s"), 1)
        self.assertEqual(audit_sql.chain_ids("t").count("%s"), 2)
        self.assertTrue(audit_sql.LOCK_HEAD.endswith("FOR UPDATE"))
        self.assertEqual(audit_sql.MOVE_HEAD.count("%s"), 3)


class TestLeafAction(unittest.TestCase):
    Field = collections.namedtuple("Field", "related store relational auto_join")

    def test_table(self):
        plain = self.Field(None, True, False, False)
        stored_copy = self.Field(("partner_id", "email"), True, False, False)
        related = self.Field(("partner_id", "email"), False, False, False)
        joined = self.Field(None, True, True, True)
        personal = {"email", "partner_email", "partner_email_rel"}
        leaf = ("email", "=", "a@b.cn")
        cases = [
            # res.users: a person through its partner
            (leaf, plain, "partner_id", ("restrict", leaf)),
            # res.partner guards itself in its own _search
            (leaf, plain, "id", ("keep", leaf)),
            (("partner_email", "ilike", "x"), stored_copy, None,
             ("rewrite", ("partner_id.email", "ilike", "x"))),
            (("partner_email_rel", "ilike", "x"), related, None,
             ("keep", ("partner_email_rel", "ilike", "x"))),
            (("email", "=", "x"), plain, None, ("refuse", "email")),
            (("partner_id.name", "=", "x"), joined, None,
             ("subsearch", "partner_id", ("name", "=", "x"))),
            (("state", "=", "done"), plain, None, ("keep", ("state", "=", "done"))),
            ("|", None, None, ("keep", "|")),
        ]
        for item, field, link, expected in cases:
            self.assertEqual(pii_policy.leaf_action(item, field, personal, link),
                             expected, item)
        self.assertEqual(pii_policy.leaf_field_name(("a.b", "=", 1)), "a")
        self.assertIsNone(pii_policy.leaf_field_name("&"))


class TestStockAudit(unittest.TestCase):
    def test_operation_of(self):
        from ..services.stock_audit import operation_of
        self.assertEqual(operation_of(inventory="INV/7", picking="WH/OUT/1"),
                         ("inventory", "INV/7"))
        self.assertEqual(operation_of(scrapped=True, origin=None, name="Scrap A"),
                         ("scrap", "Scrap A"))
        self.assertEqual(operation_of(picking="WH/OUT/1", reference="x"),
                         ("picking", "WH/OUT/1"))
        self.assertEqual(operation_of(reference=None, name="Move B"),
                         ("move", "Move B"))

    def test_rows(self):
        from ..services.stock_audit import audit_rows, quantity_keys
        # line 1 done (3 units 10 -> 20), line 2 not done: not logged
        snapshot = [(1, "picking", "WH/OUT/1", 4, 7, 10, 20),
                    (2, "move", "M", False, 7, 10, 30)]
        self.assertEqual(quantity_keys(snapshot), {(7, 10), (7, 20), (7, 30)})
        rows = audit_rows(snapshot, {1: 3.0, 2: 0.0},
                          {(7, 10): 5.0}, {(7, 10): 2.0, (7, 20): 3.0}, 99)
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["quantity"], rows[0]["src_qty_before"],
                          rows[0]["src_qty_after"], rows[0]["dest_qty_before"],
                          rows[0]["dest_qty_after"], rows[0]["user_id"],
                          rows[0]["picking_id"]), (3.0, 5.0, 2.0, 0.0, 3.0, 99, 4))
