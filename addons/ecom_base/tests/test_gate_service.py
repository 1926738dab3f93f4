"""The gate's rules without a database: aliases, routes, policies."""
import json
import unittest

from odoo.addons.ecom_base.services import gate


class TestExpandMethods(unittest.TestCase):
    def test_aliases_expand_and_names_pass(self):
        names = gate.expand_methods("@read export_stock, import_orders")
        self.assertIn("search_read", names)
        self.assertIn("read_group", names)
        self.assertEqual(names[-2:], ["export_stock", "import_orders"])
        self.assertNotIn("write", names)

    def test_unknown_alias_and_private_method_are_refused(self):
        with self.assertRaisesRegex(gate.InvalidRule, "@everything"):
            gate.expand_methods("@everything")
        with self.assertRaisesRegex(gate.InvalidRule, "_read_from_database"):
            gate.expand_methods("read _read_from_database")


class TestRouteTargets(unittest.TestCase):
    def test_call_kw_names_model_and_method(self):
        pairs, reports = gate.route_targets(
            "/web/dataset/call_kw/mail.template/render_template",
            {"model": "mail.template", "method": "render_template"})
        self.assertEqual(pairs, [("mail.template", "render_template")])
        self.assertEqual(reports, [])

    def test_call_kw_without_model_is_never_guessed_in_favour(self):
        pairs, _reports = gate.route_targets("/web/dataset/call_kw", {})
        self.assertEqual(pairs, [("?", "?")])

    def test_search_read_export_and_files(self):
        self.assertEqual(gate.route_targets(
            "/web/dataset/search_read", {"model": "mail.mail"})[0],
            [("mail.mail", "search_read")])
        data = json.dumps({"model": "payment.transaction", "fields": []})
        self.assertEqual(gate.route_targets("/web/export/xls", {"data": data})[0],
                         [("payment.transaction", "export_data")])
        params = {"model": "mail.mail", "id": "3", "field": "body_html"}
        self.assertEqual(gate.route_targets("/web/content", params)[0],
                         [("mail.mail", "read")])
        self.assertEqual(gate.route_targets("/web/content/42", {"id": 42})[0],
                         [("ir.attachment", "read")])

    def test_report_routes_name_the_report(self):
        self.assertEqual(gate.route_targets(
            "/report/pdf/stock.report_picking/7",
            {"reportname": "stock.report_picking", "docids": "7"})[1],
            ["stock.report_picking"])
        url = "/report/pdf/sale.report_saleorder/5"
        self.assertEqual(gate.route_targets(
            "/report/download", {"data": json.dumps([url, "qweb-pdf"])})[1],
            ["sale.report_saleorder"])

    def test_unknown_route_reaches_no_method(self):
        self.assertEqual(gate.route_targets("/my/orders/5", {}), ([], []))


class TestPolicy(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.policy = gate.Policy.compile([
            ("method", "stock.picking", "@read action_done"),
            ("report", False, "stock.report_picking"),
            ("route", False, "/web /web/dataset/call_kw* /report/pdf/*"),
        ])

    def test_declared_pairs_pass_others_are_refused(self):
        self.assertIsNone(self.policy.denial(model="stock.picking", method="read"))
        self.assertIsNone(self.policy.denial(model="stock.picking",
                                             method="action_done"))
        self.assertEqual(self.policy.denial(model="stock.picking", method="unlink"),
                         ("method", "stock.picking.unlink"))
        self.assertEqual(self.policy.denial(model="mail.mail", method="read"),
                         ("method", "mail.mail.read"))

    def test_route_then_its_targets(self):
        self.assertIsNone(self.policy.denial(
            path="/web/dataset/call_kw/stock.picking/read",
            params={"model": "stock.picking", "method": "read"}))
        self.assertEqual(self.policy.denial(
            path="/web/dataset/call_kw/mail.template/render_template",
            params={"model": "mail.template", "method": "render_template"}),
            ("method", "mail.template.render_template"))
        self.assertEqual(self.policy.denial(path="/my/orders/5", params={}),
                         ("route", "/my/orders/5"))
        self.assertEqual(self.policy.denial(path="/web/login/extra", params={}),
                         ("route", "/web/login/extra"))
        self.assertEqual(self.policy.denial(
            path="/report/pdf/sale.report_saleorder/5",
            params={"reportname": "sale.report_saleorder"}),
            ("report", "sale.report_saleorder"))
        self.assertIsNone(self.policy.denial(
            path="/report/pdf/stock.report_picking/5",
            params={"reportname": "stock.report_picking"}))

    def test_a_method_rule_needs_one_model(self):
        with self.assertRaises(gate.InvalidRule):
            gate.Policy.compile([("method", "*", "read")])
        with self.assertRaises(gate.InvalidRule):
            gate.Policy.compile([("everything", "x", "read")])
