"""Stable error codes of the 3PL API and their sentences (one table).

The models translate the sentence with ``_()``; the code never changes, so a
3PL integration can branch on it. README lists the same table.
"""
from odoo.addons.ecom_base.services import item_errors

MESSAGES = {
    "unknown_backend": "backend_code: no active 3PL backend %(value)r",
    "not_a_list": "%(field)s must be a list",
    "batch_too_large": "%(field)s: at most %(max)s messages per call",
    "missing_field": "%(field)s is required",
    "invalid_value": "%(field)s: invalid value %(value)r",
    "unknown_type": "type: unknown message type %(value)r",
    "unknown_sku": "%(field)s: unknown SKU %(value)r",
    "unknown_order": "%(field)s: no delivery or receipt %(value)r of this backend",
    "order_not_ready": "%(field)s: %(value)s is in state %(state)s, it cannot be "
                       "confirmed",
    "already_applied": "message_id %(value)r: already applied",
    "payload_mismatch": "message_id %(value)r was received before with another "
                        "payload",
    "signature_missing": "the request is not signed",
    "signature_invalid": "the signature does not match the body",
    "timestamp_invalid": "the signature's timestamp is missing or too old",
    "reason_required": "reason: give a reason for the adjustment",
    "apply_failed": "%(field)s: could not be applied: %(value)s",
    "busy": "%(field)s: concurrent calls kept changing the same records; "
            "nothing was stored, send again",
}


class ThreePLError(item_errors.ItemError):
    """A refused message: ``code`` (stable), ``field``, ``message``."""

    MESSAGES = MESSAGES
    DEFAULT_PARAMS = {"value": None}


def result_row(message_id, status, error=None, **extra):
    """One entry of an inbound call's answer (False where not applicable).

    ``status``: applied | duplicate | pending | rejected.
    """
    row = item_errors.result_row(status, error, message_id=message_id or False)
    row.update(extra)
    return row
