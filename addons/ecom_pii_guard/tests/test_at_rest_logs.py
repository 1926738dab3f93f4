"""Issue #11 point 9: revealed values are not stored; no personal value in the log.

The log filter tests need no database; the reveal wizard ones run as the
customer-service user and look at the raw table afterwards.
"""
import io
import logging
import unittest

from ..services import log_filter
from ..wizards.ecom_pii_reveal_wizard import VALUE_KEY, WIZARD_KEY
from .common import CANARY, PiiCase

EMAIL = CANARY["email"]


def _capture(logger_name, emit):
    """Text a handler of ``logger_name`` writes while ``emit(logger)`` runs."""
    logger = logging.getLogger(logger_name)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return stream.getvalue()


class TestLogFilter(unittest.TestCase):
    def test_mask_text(self):
        text = log_filter.mask_text(
            "Login successful for db:x login:%s from 10.0.0.1" % EMAIL)
        self.assertNotIn(EMAIL, text)
        self.assertIn("c***@example.com", text)
        self.assertIn("10.0.0.1", text)  # no personal value is kept as it is
        url = log_filter.mask_text(
            '"GET /web/signup?db=x&token=AbC123 HTTP/1.1" 200 '
            '/my/orders/7?access_token=f00-ba7&x=1')
        self.assertNotIn("AbC123", url)
        self.assertNotIn("f00-ba7", url)
        self.assertIn("token=***", url)
        self.assertEqual(log_filter.mask_text("wh_operator"), "wh_operator")

    def test_installed_on_odoo_loggers(self):
        # the add-on's post_load hook ran when this registry was loaded
        for name in ("odoo.addons.base.res.res_users", "werkzeug",
                     "odoo.addons.mail.models.mail_mail"):
            filters = logging.getLogger(name).filters
            self.assertTrue(
                any(isinstance(f, log_filter.PiiLogFilter) for f in filters), name)
        before = len(logging.getLogger("werkzeug").filters)
        log_filter.install()
        self.assertEqual(len(logging.getLogger("werkzeug").filters), before)

    def test_login_line_masked(self):
        text = _capture("odoo.addons.base.res.res_users", lambda logger: logger.info(
            "Login %s for db:%s login:%s from %s", "failed", "db", EMAIL, "n/a"))
        self.assertIn("login:c***@example.com", text)
        self.assertNotIn(EMAIL, text)

    def test_traceback_masked(self):
        def emit(logger):
            try:
                raise ValueError("recipient refused: %s" % EMAIL)
            except ValueError:
                logger.exception("failed sending mail (id: %s)", 7)
        text = _capture("odoo.addons.mail.models.mail_mail", emit)
        self.assertIn("recipient refused", text)
        self.assertNotIn(EMAIL, text)


class TestLoginLogged(PiiCase):
    def test_failed_login_does_not_log_the_login(self):
        users = self.env["res.users"]

        def emit(_logger):
            users._login(self.env.cr.dbname, EMAIL, "not-the-password")
        text = _capture("odoo.addons.base.res.res_users", emit)
        self.assertIn("Login failed", text)
        self.assertNotIn(EMAIL, text)


class TestRevealNotStored(PiiCase):
    def _reveal(self):
        cs = self.users["customer_service"]
        wizard = self.env["ecom.pii.reveal.wizard"].sudo(cs).create({
            "partner_id": self.customer.id, "field_name": "phone",
            "purpose": "delivery_problem", "note": "case 7731"})
        return wizard, wizard.action_reveal()

    def test_value_handed_to_the_client_only(self):
        wizard, action = self._reveal()
        self.assertEqual(action["context"][VALUE_KEY], CANARY["phone"])
        self.assertEqual(action["res_id"], wizard.id)
        # the reopened dialog shows it ...
        shown = wizard.with_context(action["context"]).read(["revealed_value"])
        self.assertEqual(shown[0]["revealed_value"], CANARY["phone"])
        # ... a read without that context (another screen, another user) does not
        wizard.invalidate_cache()
        self.assertFalse(wizard.read(["revealed_value"])[0]["revealed_value"])
        other = dict(action["context"], **{WIZARD_KEY: wizard.id + 1})
        wizard.invalidate_cache()
        self.assertFalse(
            wizard.with_context(other).read(["revealed_value"])[0]["revealed_value"])

    def test_nothing_in_the_database(self):
        wizard, _action = self._reveal()
        self.env.cr.execute(
            "SELECT row_to_json(w)::text FROM ecom_pii_reveal_wizard w WHERE id = %s",
            (wizard.id,))
        row = self.env.cr.fetchone()[0]
        self.assertNotIn(CANARY["phone"], row)
        self.assertIn("case 7731", row)  # the row is there, without the value
        self.env.cr.execute(
            "SELECT count(*) FROM ecom_pii_access_log WHERE note = 'case 7731'")
        self.assertEqual(self.env.cr.fetchone()[0], 1)  # the reveal was logged
