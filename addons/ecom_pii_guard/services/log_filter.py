"""No customer e-mail address or portal token in the server log.

Odoo logs logins ("Login successful for db:%s login:%s from %s", "successful
login from '%s'"), recipients of e-mails (invalid recipients, SMTP failures,
bounces, password-reset e-mails), and the URL of every HTTP request
(``werkzeug``: ``/web/signup?token=...``, ``/my/orders/7?access_token=...``).
Customer logins are e-mail addresses; tokens open the customer's account.

:class:`PiiLogFilter` renders each record of the loggers in :data:`LOGGERS`
once, masks e-mail addresses (``j***@example.com``, the masking of
``ecom_base``) and token values (``token=***``) in the message and in the
traceback text, and lets the record through. :func:`install` attaches it to
those loggers; the add-on calls it from its ``post_load`` hook (manifest),
i.e. in every server process that loads the add-on, before any request of a
database reaches its models. Pure Python: logging and re only.
"""
import logging
import re

from odoo.addons.ecom_base.services import masking

#: Loggers whose messages may carry a login, a recipient or a token.
LOGGERS = (
    "odoo.addons.base.res.res_users",            # Login successful/failed
    "odoo.service.common",                       # legacy login()
    "odoo.http",                                 # sessions, request errors
    "werkzeug",                                  # request lines with URLs
    "odoo.service.server",
    "odoo.addons.base.ir.ir_mail_server",        # SMTP failures (recipients)
    "odoo.addons.mail.models.mail_mail",         # invalid recipients, failures
    "odoo.addons.mail.models.mail_thread",       # routing, bounces
    "odoo.addons.mail.models.mail_template",     # render failures with values
    "odoo.addons.auth_signup.models.res_users",  # password reset sent to <...>
    "odoo.addons.auth_signup.controllers.main",  # sign-up errors
    "odoo.addons.portal.wizard.portal_wizard",   # portal invitations
    "odoo.addons.payment.models.payment_acquirer",
    "odoo.addons.web.controllers.main",
)

EMAIL_RE = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
TOKEN_RE = re.compile(
    r"((?:access_token|auth_signup_token|signup_token|token|password|key)=)"
    r"[^&\s\"'<>]+", re.IGNORECASE)


def mask_text(text):
    """``text`` with e-mail addresses and token values masked."""
    if not text:
        return text
    text = EMAIL_RE.sub(lambda m: masking.mask_email(m.group(0)), text)
    return TOKEN_RE.sub(r"\1***", text)


class PiiLogFilter(logging.Filter):
    """Masks personal values in a record's message and traceback text."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logged as it is
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


def install(logger_names=LOGGERS):
    """Attach one :class:`PiiLogFilter` to each logger (idempotent)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PiiLogFilter) for f in logger.filters):
            logger.addFilter(PiiLogFilter())
