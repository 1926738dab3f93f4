"""The suite's one shape of a rejected API item: a stable code, the field, a
message naming the field. Plain Python, no ORM.

Every batch API of the suite (orders, returns, listings, shipping costs,
settlements, 3PL messages) answers one row per item with an ``error_code``
that integrations branch on and a ``message`` a person reads. Each API keeps
its own table of codes and sentences (its contract, listed in README); this
module gives the exception they share and the sentences common to all of
them, so that the same code reads the same everywhere.

Usage, in an add-on's ``services/``::

    MESSAGES = dict(item_errors.COMMON_MESSAGES, unknown_order="...")

    class ReturnError(item_errors.ItemError):
        MESSAGES = MESSAGES
"""
import math

#: Sentences of the codes every batch API uses the same way.
COMMON_MESSAGES = {
    "missing_field": "%(field)s is required",
    "too_large": "%(field)s is too large (max %(max)s)",
    "unknown_channel": "%(field)s: no active channel with code %(value)r",
    "rejected_by_rule": "%(field)s: %(detail)s",
}


class _Defaults(dict):
    """Parameters of a sentence; a parameter the caller did not give reads "?"
    instead of breaking the answer of a whole batch."""

    def __missing__(self, key):
        return "?"


def format_message(messages, code, params):
    """The sentence of ``code`` from the table ``messages`` with ``params``."""
    return messages[code] % _Defaults(params)


class ItemError(Exception):
    """A rejected item: ``code`` (stable), ``field``, ``message``.

    Subclasses set ``MESSAGES`` (their API's table) and may set
    ``DEFAULT_PARAMS`` (values used when the caller gives none).
    """

    MESSAGES = COMMON_MESSAGES
    DEFAULT_PARAMS = {}

    def __init__(self, code, field="", **params):
        for key, value in self.DEFAULT_PARAMS.items():
            params.setdefault(key, value)
        params.setdefault("field", field)
        self.code = code
        self.field = field
        self.message = format_message(self.MESSAGES, code, params)
        super().__init__(self.message)


def result_row(status, error=None, **keys):
    """One entry of a batch API's answer: the item's ``keys`` (its references
    and ids, False where not applicable), ``status``, and ``error_code`` /
    ``message`` of ``error`` (False when the item was accepted)."""
    row = dict(keys, status=status)
    row["error_code"] = error.code if error else False
    row["message"] = error.message if error else False
    return row


def is_number(value):
    """A finite int or float (not a bool, not a numeric string)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))
