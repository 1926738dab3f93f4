"""Validation of the payload of ``ecom.channel.import_shipping_costs``.

Plain Python, no ORM, same conventions as the order intake
(``ecom_channel/services/intake.py``): one result row per item, in order,
with a stable ``error_code`` and a message naming the field.
"""
import math

from odoo.addons.ecom_base.services import item_errors

MAX_BATCH = 1000
MAX_COST = 1e7
REF_LENGTH = 64

ERROR_CODES = (
    "missing_field", "invalid_type", "invalid_cost", "unknown_currency",
    "too_large", "unknown_channel", "unknown_order", "duplicate_item",
)

MESSAGES = dict(item_errors.COMMON_MESSAGES)
MESSAGES.update({
    "invalid_type": "%(field)s must be %(expected)s",
    "invalid_cost": "%(field)s must be a number >= 0 and <= %(max)s, got %(value)r",
    "unknown_currency": "%(field)s: unknown or inactive currency %(value)r",
    "unknown_order": "%(field)s: no order or delivery of this channel with "
                     "reference %(value)r",
    "duplicate_item": "%(field)s: reference %(value)r is sent twice in this batch",
})


class ShippingCostError(item_errors.ItemError):
    """A rejected item: ``code`` (see ERROR_CODES), ``field``, ``message``."""

    MESSAGES = MESSAGES


def check_batch(items):
    """None when the batch as a whole is acceptable, else the error."""
    if not isinstance(items, list):
        return ShippingCostError("invalid_type", "items", expected="a list")
    if len(items) > MAX_BATCH:
        return ShippingCostError("too_large", "items", max="%d items" % MAX_BATCH)
    return None


def _ref(item, key):
    value = item.get(key)
    if value is None or value is False or (isinstance(value, str)
                                           and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ShippingCostError("invalid_type", key, expected="a string")
    value = value.strip()
    if len(value) > REF_LENGTH:
        raise ShippingCostError("too_large", key, max="%d characters" % REF_LENGTH)
    return value


def validate_item(item, currencies):
    """{'key': ('order_ref'|'tracking_ref', ref), 'cost', 'currency'} or raise.

    ``currencies``: active currency codes (upper case).
    """
    if not isinstance(item, dict):
        raise ShippingCostError("invalid_type", "item", expected="a dict")
    order_ref = _ref(item, "order_ref")
    tracking_ref = _ref(item, "tracking_ref")
    if not order_ref and not tracking_ref:
        raise ShippingCostError("missing_field", "order_ref or tracking_ref")
    cost = item.get("cost")
    if cost is None or cost is False:
        raise ShippingCostError("missing_field", "cost")
    if isinstance(cost, bool) or not isinstance(cost, (int, float)):
        raise ShippingCostError("invalid_cost", "cost", max=MAX_COST, value=cost)
    if math.isnan(cost) or math.isinf(cost) or cost < 0 or cost > MAX_COST:
        raise ShippingCostError("invalid_cost", "cost", max=MAX_COST, value=cost)
    currency = item.get("currency")
    if currency is None or currency is False or currency == "":
        raise ShippingCostError("missing_field", "currency")
    if not isinstance(currency, str):
        raise ShippingCostError("invalid_type", "currency", expected="a string")
    if len(currency) > 3:
        raise ShippingCostError("too_large", "currency", max="3 characters")
    currency = currency.strip().upper()
    if currency not in currencies:
        raise ShippingCostError("unknown_currency", "currency", value=currency)
    key = ("tracking_ref", tracking_ref) if tracking_ref else ("order_ref", order_ref)
    return {"key": key, "cost": float(cost), "currency": currency}


def raw_ref(item):
    """The reference of a raw item for the answer, even when invalid."""
    if not isinstance(item, dict):
        return False
    for key in ("tracking_ref", "order_ref"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:REF_LENGTH]
    return False


def result_row(item, status, order_id=False, error=None):
    """One entry of the answer (False where not applicable)."""
    ref = raw_ref(item)
    return item_errors.result_row(status, error, ref=ref,
                                  order_id=order_id or False)
