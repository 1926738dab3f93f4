"""Validation of the return payload of ``import_returns``; plain Python, no ORM.

The model gathers, for a whole batch, the channel's orders named by the
returns, what each order delivered and already returned per SKU, and the
cases that exist; every return then goes through :func:`validate_return`,
which answers the normalised return or raises :class:`ReturnError` with a
stable error code and a message naming the field. The codes are part of the
API contract (README, ``ERROR_CODES``).
"""
import datetime

from odoo.addons.ecom_base.services import item_errors

MAX_BATCH = 500
MAX_LINES = 200
MAX_QTY = 1000000
MAX_AMOUNT = 1e9
MAX_STATUS_REFS = 5000
LENGTHS = {
    "external_ref": 64,
    "order_ref": 64,
    "return_tracking_ref": 64,
    "note": 2000,
    "lines.sku": 64,
}
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
QTY_EPSILON = 1e-6

TYPES = ("refund_only", "return_refund", "exchange", "reship")
#: Types for which the customer sends goods back (a returns receipt).
RETURN_TYPES = ("return_refund", "exchange")
#: Types that send a zero-priced replacement order.
REPLACEMENT_TYPES = ("exchange", "reship")
REASONS = ("damaged", "wrong_item", "not_as_described", "no_longer_needed",
           "late_delivery", "other")

ERROR_CODES = (
    "missing_field", "invalid_type", "invalid_qty", "invalid_amount",
    "unknown_order", "unknown_sku", "qty_exceeds_delivered", "too_large",
    "unknown_channel", "rejected_by_rule",
)
MESSAGES = dict(item_errors.COMMON_MESSAGES)
MESSAGES.update({
    "invalid_type": "%(field)s must be %(expected)s, got %(value)r",
    "invalid_qty": "%(field)s must be a number > 0 and <= %(max)s, got %(value)r",
    "invalid_amount":
        "%(field)s must be a number >= 0 and <= %(max)s, got %(value)r",
    "unknown_order": "%(field)s: the channel has no order %(value)r",
    "unknown_sku": "%(field)s: SKU %(value)r is not on order %(order)s",
    "qty_exceeds_delivered":
        "%(field)s: %(qty)s of %(value)r asked back, but order %(order)s "
        "shipped %(delivered)s and %(returned)s are already returned",
})


class ReturnError(item_errors.ItemError):
    """A rejected return: ``code`` (see ERROR_CODES), ``field``, ``message``."""

    MESSAGES = MESSAGES


class OrderFacts(object):
    """What a return is checked against, for one order of the channel.

    ``delivered`` / ``ordered`` / ``returned``: {sku: qty}; ``returned`` is
    what open or finished cases of the order already ask back (updated by
    :func:`reserve` as the batch accepts returns).
    """

    def __init__(self, order_id, name, delivered, ordered, returned=None):
        self.order_id = order_id
        self.name = name
        self.delivered = dict(delivered)
        self.ordered = dict(ordered)
        self.returned = dict(returned or {})

    def limit(self, sku, rma_type):
        """Most units of ``sku`` a return of ``rma_type`` may name in total.

        A refund-only case may concern units never shipped (refund of an
        order stuck in the warehouse): its limit is the ordered quantity;
        every other type gives back or replaces shipped units.
        """
        source = self.ordered if rma_type == "refund_only" else self.delivered
        return source.get(sku, 0.0)


_number = item_errors.is_number


def _text(data, key, prefix="", required=False):
    field = prefix + key
    value = data.get(key)
    blank = isinstance(value, str) and not value.strip()
    if value is None or value is False or blank:
        if required:
            raise ReturnError("missing_field", field)
        return False
    if not isinstance(value, str):
        raise ReturnError("invalid_type", field, expected="a string", value=value)
    value = value.strip() if key == "note" else " ".join(value.split())
    limit = LENGTHS.get(field)
    if limit and len(value) > limit:
        raise ReturnError("too_large", field, max="%d characters" % limit)
    return value


def _choice(data, key, choices):
    value = _text(data, key, required=True)
    if value not in choices:
        raise ReturnError("invalid_type", key, value=value,
                          expected="one of %s" % ", ".join(choices))
    return value


def _datetime(data, key):
    value = _text(data, key, required=True)
    try:
        datetime.datetime.strptime(value, DATETIME_FORMAT)
    except ValueError:
        raise ReturnError("invalid_type", key, value=value,
                          expected="a UTC date-time 'YYYY-MM-DD HH:MM:SS'")
    return value


def check_batch(returns):
    """None when the batch as a whole is acceptable, else a ReturnError."""
    if not isinstance(returns, list):
        return ReturnError("invalid_type", "returns", expected="a list of returns",
                           value=type(returns).__name__)
    if len(returns) > MAX_BATCH:
        return ReturnError("too_large", "returns", max="%d returns" % MAX_BATCH)
    return None


def collect_keys(returns):
    """{"refs", "order_refs", "skus"} of a raw batch, to look up in bulk."""
    keys = {"refs": set(), "order_refs": set(), "skus": set()}
    for raw in returns if isinstance(returns, list) else ():
        if not isinstance(raw, dict):
            continue
        for key, name in (("external_ref", "refs"), ("order_ref", "order_refs")):
            if isinstance(raw.get(key), str) and raw[key].strip():
                keys[name].add(" ".join(raw[key].split()))
        lines = raw.get("lines")
        for line in lines if isinstance(lines, list) else ():
            if isinstance(line, dict) and isinstance(line.get("sku"), str):
                keys["skus"].add(" ".join(line["sku"].split()))
    return keys


def raw_ref(raw):
    """The external_ref of a raw return for the answer, even when invalid."""
    if isinstance(raw, dict) and isinstance(raw.get("external_ref"), str):
        return raw["external_ref"].strip()[:LENGTHS["external_ref"]] or False
    return False


def _lines(raw):
    lines = raw.get("lines")
    if lines is None or lines is False or lines == []:
        raise ReturnError("missing_field", "lines")
    if not isinstance(lines, list):
        raise ReturnError("invalid_type", "lines", expected="a list of lines",
                          value=type(lines).__name__)
    if len(lines) > MAX_LINES:
        raise ReturnError("too_large", "lines", max="%d lines" % MAX_LINES)
    merged = {}
    for index, line in enumerate(lines):
        prefix = "lines[%d]." % index
        if not isinstance(line, dict):
            raise ReturnError("invalid_type", "lines[%d]" % index,
                              expected="a struct (dict)", value=line)
        sku = _text(line, "sku", "lines.", required=True)
        qty = line.get("qty")
        if qty is None:
            raise ReturnError("missing_field", prefix + "qty")
        if not _number(qty) or qty <= 0 or qty > MAX_QTY:
            raise ReturnError("invalid_qty", prefix + "qty", value=qty, max=MAX_QTY)
        # the same SKU twice in one return: one line with the sum
        if sku in merged:
            merged[sku]["qty"] += float(qty)
        else:
            merged[sku] = {"sku": sku, "qty": float(qty), "index": index}
    return list(merged.values())


def validate_return(raw, orders):
    """Normalised copy of one raw return, or ReturnError (first problem found).

    ``orders``: {order external ref: OrderFacts} of the channel.
    """
    if not isinstance(raw, dict):
        raise ReturnError("invalid_type", "return", expected="a struct (dict)",
                          value=type(raw).__name__)
    ref = _text(raw, "external_ref", required=True)
    order_ref = _text(raw, "order_ref", required=True)
    rma_type = _choice(raw, "type", TYPES)
    reason = _choice(raw, "reason", REASONS)
    requested_at = _datetime(raw, "requested_at")
    amount = raw.get("refund_amount")
    if amount is None or amount is False:
        if rma_type in ("refund_only", "return_refund"):
            raise ReturnError("missing_field", "refund_amount")
        amount = 0.0
    if not _number(amount) or amount < 0 or amount > MAX_AMOUNT:
        raise ReturnError("invalid_amount", "refund_amount", value=amount,
                          max=MAX_AMOUNT)
    result = {
        "external_ref": ref,
        "order_ref": order_ref,
        "type": rma_type,
        "reason": reason,
        "requested_at": requested_at,
        "refund_amount": float(amount),
        "return_tracking_ref": _text(raw, "return_tracking_ref"),
        "note": _text(raw, "note"),
        "lines": _lines(raw),
    }
    facts = orders.get(order_ref)
    if facts is None:
        raise ReturnError("unknown_order", "order_ref", value=order_ref)
    for line in result["lines"]:
        field = "lines[%d]" % line.pop("index")
        sku = line["sku"]
        if sku not in facts.ordered:
            raise ReturnError("unknown_sku", field + ".sku", value=sku,
                              order=order_ref)
        returned = facts.returned.get(sku, 0.0)
        limit = facts.limit(sku, rma_type)
        if line["qty"] + returned > limit + QTY_EPSILON:
            raise ReturnError(
                "qty_exceeds_delivered", field + ".qty", value=sku,
                qty=_fmt(line["qty"]), order=order_ref, delivered=_fmt(limit),
                returned=_fmt(returned))
    result["order_id"] = facts.order_id
    return result


def reserve(facts, lines):
    """Count an accepted return's lines as returned for later returns."""
    for line in lines:
        facts.returned[line["sku"]] = facts.returned.get(line["sku"], 0.0) \
            + line["qty"]


def _fmt(qty):
    return ("%f" % qty).rstrip("0").rstrip(".")


def result_row(ref, status, rma_id=False, rma_name=False, error=None):
    """One entry of the answer of import_returns (False where not applicable)."""
    return item_errors.result_row(
        status, error, external_ref=ref or False, rma_id=rma_id or False,
        rma_name=rma_name or False)
