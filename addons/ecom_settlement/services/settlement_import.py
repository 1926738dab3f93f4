"""Validation of the payload of ``ecom.channel.import_settlement``.

Plain Python, no ORM, the conventions of the order intake: a stable
``error_code`` and a message naming the field; a rejected batch stores
nothing.
"""
import datetime
import math

from odoo.addons.ecom_base.services import item_errors

MAX_LINES = 50000
MAX_AMOUNT = 1e9
REF_LENGTH = 64
LINE_TYPES = ("sale", "refund", "commission", "shipping", "ads", "subsidy",
              "adjustment", "other")

ERROR_CODES = (
    "missing_field", "invalid_type", "invalid_amount", "invalid_date",
    "unknown_currency", "unknown_type", "too_large", "unknown_channel",
    "already_posted",
)

MESSAGES = dict(item_errors.COMMON_MESSAGES)
MESSAGES.update({
    "invalid_type": "%(field)s must be %(expected)s",
    "invalid_amount": "%(field)s must be a number between -%(max)s and %(max)s, "
                      "got %(value)r",
    "invalid_date": "%(field)s must be a date YYYY-MM-DD, got %(value)r",
    "unknown_currency": "%(field)s: %(value)r is not the channel currency "
                        "(%(expected)s)",
    "unknown_type": "%(field)s: unknown line type %(value)r (one of %(expected)s)",
    "already_posted": "%(field)s: settlement %(value)r is posted and differs from "
                      "this batch; it cannot be replaced",
})


class SettlementError(item_errors.ItemError):
    """A rejected batch: ``code``, ``field``, ``message``."""

    MESSAGES = MESSAGES


def _text(data, key, prefix="", required=True):
    field = prefix + key
    value = data.get(key)
    if value is None or value is False or (isinstance(value, str)
                                           and not value.strip()):
        if required:
            raise SettlementError("missing_field", field)
        return False
    if not isinstance(value, str):
        raise SettlementError("invalid_type", field, expected="a string")
    value = value.strip()
    if len(value) > REF_LENGTH:
        raise SettlementError("too_large", field, max="%d characters" % REF_LENGTH)
    return value


def _date(data, key, required=True):
    value = data.get(key)
    if value in (None, False, ""):
        if required:
            raise SettlementError("missing_field", key)
        return False
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").strftime("%Y-%m-%d")
    except (TypeError, ValueError):
        raise SettlementError("invalid_date", key, value=value)


def _amount(data, key, field):
    value = data.get(key)
    if value is None or value is False:
        raise SettlementError("missing_field", field)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            math.isnan(value) or math.isinf(value) or abs(value) > MAX_AMOUNT:
        raise SettlementError("invalid_amount", field, max=MAX_AMOUNT, value=value)
    return float(value)


def validate_batch(batch, currency):
    """The normalised batch or raise. ``currency``: the channel's currency code.

    ``batch``: {"batch_ref", "period_start", "period_end", "currency",
    "payout_date" (optional), "lines": [{"order_ref" (optional for fees not
    tied to an order), "type", "amount"}]}. Amounts are signed as the
    platform pays them: sales positive, commissions and refunds negative.
    """
    if not isinstance(batch, dict):
        raise SettlementError("invalid_type", "batch", expected="a dict")
    result = {"batch_ref": _text(batch, "batch_ref"),
              "period_start": _date(batch, "period_start"),
              "period_end": _date(batch, "period_end"),
              "payout_date": _date(batch, "payout_date", required=False)}
    code = _text(batch, "currency")
    if code.upper() != currency.upper():
        raise SettlementError("unknown_currency", "currency", value=code,
                              expected=currency)
    lines = batch.get("lines")
    if not isinstance(lines, list):
        raise SettlementError("invalid_type", "lines", expected="a list")
    if len(lines) > MAX_LINES:
        raise SettlementError("too_large", "lines", max="%d lines" % MAX_LINES)
    normalised = []
    for index, line in enumerate(lines):
        prefix = "lines[%d]." % index
        if not isinstance(line, dict):
            raise SettlementError("invalid_type", prefix[:-1], expected="a dict")
        kind = line.get("type")
        if kind not in LINE_TYPES:
            raise SettlementError("unknown_type", prefix + "type", value=kind,
                                  expected=", ".join(LINE_TYPES))
        order_ref = _text(line, "order_ref", prefix,
                          required=kind in ("sale", "refund"))
        normalised.append({"order_ref": order_ref, "type": kind,
                           "amount": _amount(line, "amount", prefix + "amount")})
    result["lines"] = normalised
    return result


def result_row(batch, status, settlement_id=False, error=None, lines=0):
    ref = batch.get("batch_ref") if isinstance(batch, dict) else False
    return item_errors.result_row(
        status, error, batch_ref=ref if isinstance(ref, str) else False,
        settlement_id=settlement_id or False, lines=lines)
