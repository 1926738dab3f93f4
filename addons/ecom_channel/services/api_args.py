"""Arguments of the channel API methods other than the order payload.

Plain Python, no ORM. ``export_stock``, ``order_status`` and
``ecom.api.key.create_key`` check their arguments here; a bad argument gives an
:class:`~.intake.IntakeError` (stable code + message naming the field, the
codes of ``intake.ERROR_CODES``), which the model raises for the whole call as
``EcomApiError`` (``ecom_channel/exceptions.py``) with the message
``"<code>: <message>"`` (:func:`api_message`, :func:`parse_api_message`).
"""
import re

from .intake import MAX_BATCH, IntakeError

#: most refs one order_status call answers
MAX_STATUS_REFS = MAX_BATCH * 10
#: most SKUs one export_stock call asks for (without ``skus``: every SKU)
MAX_EXPORT_SKUS = 20000
#: longest API key name (what the key is for)
MAX_KEY_NAME = 64

_MESSAGE = re.compile(r"^([a-z_]+): (.*)$", re.S)


def api_message(error):
    """``"<code>: <message>"``: the text of an error raised for a whole call."""
    return "%s: %s" % (error.code, error.message)


def parse_api_message(text):
    """(code, message) of :func:`api_message`'s text (an XML-RPC faultString);
    (None, text) for any other text."""
    match = _MESSAGE.match(text or "")
    return (match.group(1), match.group(2)) if match else (None, text)


def unknown_channel(channel_code):
    return IntakeError("unknown_channel", "channel_code", value=channel_code)


def check_text_list(value, field, max_items, required=True):
    """None when ``value`` is a list of at most ``max_items`` strings.

    ``None`` is accepted for an optional argument (``required=False``).
    """
    if value is None and not required:
        return None
    if value is None:
        return IntakeError("missing_field", field)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return IntakeError("invalid_type", field, expected="a list of strings")
    if len(value) > max_items:
        return IntakeError("too_large", field, max="%d items" % max_items)
    return None


def check_skus(skus):
    """``export_stock``'s optional ``skus``."""
    return check_text_list(skus, "skus", MAX_EXPORT_SKUS, required=False)


def check_external_refs(external_refs):
    """``order_status``'s ``external_refs``."""
    return check_text_list(external_refs, "external_refs", MAX_STATUS_REFS)


def check_key_request(user_id, name):
    """``create_key``'s arguments, before the user is looked up."""
    if isinstance(user_id, bool) or not isinstance(user_id, int):
        return IntakeError("invalid_type", "user_id", expected="a user id (integer)")
    if user_id <= 0:
        return IntakeError("unknown_user", "user_id", value=user_id)
    if name is None or (isinstance(name, str) and not name.strip()):
        return IntakeError("missing_field", "name")
    if not isinstance(name, str):
        return IntakeError("invalid_type", "name", expected="a text")
    if len(name.strip()) > MAX_KEY_NAME:
        return IntakeError("too_large", "name", max="%d characters" % MAX_KEY_NAME)
    return None


def stock_answer(rows, skus, available):
    """``export_stock``'s answer: [{"sku", "available_qty"}].

    ``rows`` are (sku, on hand, reserved) of the stored products, one per SKU;
    ``available(row)`` the quantity the channel may advertise. SKUs asked for
    and not found answer 0, once each, after the known ones.
    """
    result = [{"sku": row[0], "available_qty": available(row)} for row in rows]
    if skus is not None:
        known = {row[0] for row in rows}
        result += [{"sku": sku, "available_qty": 0}
                   for sku in dict.fromkeys(skus) if sku not in known]
    return result


def first_per_sku(rows):
    """The first row of each SKU (rows ordered by SKU, then product id)."""
    seen, result = set(), []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            result.append(row)
    return result
