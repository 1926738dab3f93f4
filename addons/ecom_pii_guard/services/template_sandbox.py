"""A stricter jinja2 sandbox for mail templates rendered by non-administrators.

Odoo's ``mail.template`` renders ``${...}`` expressions with a
``SandboxedEnvironment`` that only refuses attributes starting with ``_``. A
template can therefore call ``object.sudo()`` or reach ``object.env`` and read
any field of any record as superuser. :class:`StrictSandbox` also refuses the
attributes listed in :data:`BLOCKED_ATTRIBUTES` (privilege escalation and data
writes), whatever object they are looked up on, and the attributes of the
ORM environment itself.

:func:`stored_rendering` marks the dynamic extent in which the rendering of a
template stored in the database is in progress (``generate_email``): only in
it may a non-administrator render template text (see ``models/mail_template.py``).
Pure Python: jinja2 only, no ORM.
"""
import contextlib
import copy
import threading

from jinja2.sandbox import SandboxedEnvironment, SecurityError

#: Attribute names no template rendered for a non-administrator may reach.
BLOCKED_ATTRIBUTES = frozenset({
    # another user or the environment: superuser reads, raw cursor, registry
    "sudo", "env", "with_env", "suspend_security", "with_user", "with_company",
    "pool", "cr", "registry",
    # data changes from what should be a read
    "write", "create", "unlink", "copy", "invalidate_cache",
    # portal sign-up tokens (computed with sudo by auth_signup): account takeover
    "signup_url", "signup_token", "signup_prepare", "signup_get_auth_param",
})

#: Names of the classes whose instances expose the ORM environment.
_ENVIRONMENT_CLASSES = ("Environment", "Environments", "Registry", "Cursor",
                        "TestCursor", "LazyCursor")


class StrictSandbox(SandboxedEnvironment):
    """Sandbox refusing :data:`BLOCKED_ATTRIBUTES` on top of jinja2's rules.

    A blocked name raises :class:`SecurityError` before the attribute is
    evaluated (a computed field is not even computed), where jinja2 would
    render its "unsafe" undefined value as an empty string.
    """

    def getattr(self, obj, attribute):
        self._check_name(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(argument, str) and not isinstance(obj, dict):
            self._check_name(obj, argument)
        return super().getitem(obj, argument)

    @staticmethod
    def _check_name(obj, name):
        if name in BLOCKED_ATTRIBUTES or \
                type(obj).__name__ in _ENVIRONMENT_CLASSES:
            raise SecurityError("access to attribute %r of %r object is unsafe."
                                % (name, type(obj).__name__))

    def is_safe_attribute(self, obj, attr, value):
        if isinstance(attr, str) and attr in BLOCKED_ATTRIBUTES:
            # dictionaries keep their own items reachable through [] (ctx)
            return False
        if type(obj).__name__ in _ENVIRONMENT_CLASSES:
            return False
        return super().is_safe_attribute(obj, attr, value)


def strict_copy(env):
    """A :class:`StrictSandbox` configured like the sandbox ``env`` (same
    delimiters, autoescape and globals)."""
    strict = StrictSandbox(
        block_start_string=env.block_start_string,
        block_end_string=env.block_end_string,
        variable_start_string=env.variable_start_string,
        variable_end_string=env.variable_end_string,
        comment_start_string=env.comment_start_string,
        comment_end_string=env.comment_end_string,
        line_statement_prefix=env.line_statement_prefix,
        line_comment_prefix=env.line_comment_prefix,
        trim_blocks=env.trim_blocks,
        autoescape=env.autoescape,
    )
    strict.globals.update(copy.copy(env.globals))
    return strict


def has_template_syntax(text, env):
    """True when rendering ``text`` with ``env`` would evaluate anything.

    Text without any delimiter of ``env`` (expressions, blocks, line
    statements, comments) renders as itself.
    """
    if not text:
        return False
    text = str(text)
    marks = (env.variable_start_string, env.block_start_string,
             env.comment_start_string)
    if any(mark and mark in text for mark in marks):
        return True
    prefixes = tuple(p for p in (env.line_statement_prefix, env.line_comment_prefix)
                     if p)
    return bool(prefixes) and any(
        line.lstrip().startswith(prefixes) for line in text.splitlines())


_local = threading.local()


@contextlib.contextmanager
def stored_rendering():
    """Mark the rendering of a stored template as in progress on this thread."""
    depth = getattr(_local, "depth", 0)
    _local.depth = depth + 1
    try:
        yield
    finally:
        _local.depth = depth


def in_stored_rendering():
    """True inside :func:`stored_rendering` on this thread."""
    return getattr(_local, "depth", 0) > 0


#: (composer field, template field) pairs a mass-mail composer renders.
COMPOSER_TEXT_FIELDS = (("subject", "subject"), ("body", "body_html"),
                        ("email_from", "email_from"), ("reply_to", "reply_to"))


def texts_are_template(texts, has_syntax, signed_body=None):
    """Whether every text a composer renders is its template's, or plain text
    that renders as itself (the user's sender address).

    ``texts``: [(composer field, its value, the template's value)];
    ``has_syntax(text)``: the text holds template syntax; ``signed_body``: the
    template's body with the user's signature appended (when the template adds
    it), which the composer's body may equal too.
    """
    for own, value, expected in texts:
        value, expected = value or False, expected or False
        if value == expected or not has_syntax(value):
            continue
        if own == "body" and signed_body and value == signed_body:
            continue
        return False
    return True
