"""Validation and normalisation of the order payload of ``import_orders``.

Plain Python, no ORM: the model gathers the reference data of a whole batch
(known SKUs, countries, currencies, carriers) in a few queries, then every order
goes through :func:`validate_order`, which returns the normalised order or
raises :class:`IntakeError` carrying a stable error code and a message naming
the field. The codes are part of the API contract (see README).
"""
import datetime
import re

from odoo.addons.ecom_base.services import contact, item_errors

# Limits (too_large): a batch, an order's lines and every text field.
MAX_BATCH = 500
MAX_LINES = 200
MAX_QTY = 1000000
MAX_PRICE = 1e9
LENGTHS = {
    "external_ref": 64,
    "currency": 3,
    "shipping_method": 64,
    "note": 2000,
    "customer.external_id": 64,
    "customer.name": 128,
    "customer.email": 254,
    "customer.phone": 32,
    "shipping.name": 128,
    "shipping.phone": 32,
    "shipping.street": 128,
    "shipping.street2": 128,
    "shipping.city": 64,
    "shipping.state": 64,
    "shipping.zip": 16,
    "shipping.country_code": 2,
    "lines.sku": 64,
    "consent.version": 32,
}
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# Every error code of ecom_channel's API (README / readme/USAGE.rst table):
# per order in import_orders' answer, or raised for a whole call
# (services/api_args.py, ``api_message``).
ERROR_CODES = (
    "missing_field", "invalid_type", "unknown_sku", "invalid_qty", "invalid_price",
    "unknown_country", "unknown_currency", "too_large", "unknown_channel",
    "unknown_shipping_method", "rejected_by_rule", "unknown_user",
    "not_integration_user", "channel_busy",
)

MESSAGES = dict(item_errors.COMMON_MESSAGES)
MESSAGES.update({
    "invalid_type": "%(field)s must be %(expected)s",
    "unknown_sku": "%(field)s: no storable product with SKU %(value)r",
    "invalid_qty": "%(field)s must be a number > 0 and <= %(max)s, got %(value)r",
    "invalid_price": "%(field)s must be a number >= 0 and <= %(max)s, got %(value)r",
    "unknown_country": "%(field)s: unknown country code %(value)r",
    "unknown_currency":
        "%(field)s: %(value)r is not the channel currency (%(expected)s)",
    "unknown_shipping_method": "%(field)s: no carrier named %(value)r",
    "unknown_user": "%(field)s: no active user with id %(value)r",
    "not_integration_user":
        "%(field)s: API keys are for channel integration users only; %(value)s "
        "is not one",
    "channel_busy": "%(field)s: the channel is busy with parallel imports of the "
                    "same orders; nothing of this batch was saved, send it again",
})


class IntakeError(item_errors.ItemError):
    """A rejected order: ``code`` (stable, see ERROR_CODES), ``field``, ``message``."""

    MESSAGES = MESSAGES


class Catalog(object):
    """Reference data a batch is checked against (gathered by the model)."""

    def __init__(self, skus=(), countries=(), currency="CNY", carriers=(),
                 region=None):
        self.skus = set(skus)
        # default region of national phone numbers: the company's country
        self.region = region or contact.DEFAULT_REGION
        self.countries = {c.upper() for c in countries}
        self.currency = currency
        self.carriers = {c.strip().lower() for c in carriers}


# --------------------------------------------------------------------------
# normalisation helpers (also used for matching repeat buyers)
# --------------------------------------------------------------------------
def normalize_email(value):
    """The suite's one e-mail normaliser (ecom_base/services/contact.py)."""
    return contact.normalise_email(value) or False


def normalize_phone(value, region=contact.DEFAULT_REGION):
    """E.164 by the suite's one phone normaliser (ecom_base/services/contact.py):
    '0086 138-0013 8000', '138 0013 8000' -> '+8613800138000'; '(021) 6321 0000'
    -> '+862163210000' with region CN. Text with digits that makes no phone
    number is kept as typed; no digits -> False.
    """
    if not value:
        return False
    number = contact.normalise_phone(value, region)
    if number:
        return number
    value = value.strip()
    return value if re.search(r"\d", value) else False


def collect_keys(orders):
    """Values of a raw batch to look up in bulk: skus, countries, currencies..."""
    keys = {"skus": set(), "countries": set(), "currencies": set(), "refs": set(),
            "carriers": set()}
    for order in orders if isinstance(orders, list) else ():
        if not isinstance(order, dict):
            continue
        if isinstance(order.get("external_ref"), str):
            keys["refs"].add(order["external_ref"].strip())
        if isinstance(order.get("currency"), str):
            keys["currencies"].add(order["currency"].strip().upper())
        if isinstance(order.get("shipping_method"), str):
            keys["carriers"].add(order["shipping_method"].strip())
        shipping = order.get("shipping")
        if isinstance(shipping, dict) and isinstance(shipping.get("country_code"), str):
            keys["countries"].add(shipping["country_code"].strip().upper())
        lines = order.get("lines")
        for line in lines if isinstance(lines, list) else ():
            if isinstance(line, dict) and isinstance(line.get("sku"), str):
                keys["skus"].add(line["sku"].strip())
    return keys


def check_batch(orders):
    """None when the batch as a whole is acceptable, else an IntakeError."""
    if not isinstance(orders, list):
        return IntakeError("invalid_type", "orders", expected="a list of orders")
    if len(orders) > MAX_BATCH:
        return IntakeError("too_large", "orders", max="%d orders" % MAX_BATCH)
    return None


# --------------------------------------------------------------------------
# field readers
# --------------------------------------------------------------------------
def _text(data, key, prefix="", required=False):
    field = prefix + key
    value = data.get(key)
    blank = isinstance(value, str) and not value.strip()
    if value is None or value is False or blank:
        if required:
            raise IntakeError("missing_field", field)
        return False
    if isinstance(value, int) and not isinstance(value, bool) and key == "external_id":
        value = str(value)
    if not isinstance(value, str):
        raise IntakeError("invalid_type", field, expected="a string")
    value = " ".join(value.split()) if key != "note" else value.strip()
    limit = LENGTHS.get(field)
    if limit and len(value) > limit:
        raise IntakeError("too_large", field, max="%d characters" % limit)
    return value


def _dict(data, key, required=True):
    value = data.get(key)
    if value is None or value is False:
        if required:
            raise IntakeError("missing_field", key)
        return None
    if not isinstance(value, dict):
        raise IntakeError("invalid_type", key, expected="a struct (dict)")
    return value


def _datetime(data, key, prefix="", required=True):
    field = prefix + key
    value = _text(data, key, prefix, required)
    if not value:
        return False
    try:
        datetime.datetime.strptime(value, DATETIME_FORMAT)
    except ValueError:
        raise IntakeError("invalid_type", field,
                          expected="a UTC date-time 'YYYY-MM-DD HH:MM:SS'")
    return value


_number = item_errors.is_number


def _customer(order, region=contact.DEFAULT_REGION):
    data = _dict(order, "customer")
    customer = {
        "external_id": _text(data, "external_id", "customer."),
        "name": _text(data, "name", "customer.", required=True),
        "email": normalize_email(_text(data, "email", "customer.")),
        "phone": normalize_phone(_text(data, "phone", "customer."), region),
    }
    if customer["email"] and not re.match(r"^[^@\s]+@[^@\s]+$", customer["email"]):
        raise IntakeError("invalid_type", "customer.email",
                          expected="an e-mail address")
    return customer


def _shipping(order, catalog):
    data = _dict(order, "shipping")
    prefix = "shipping."
    shipping = {
        "name": _text(data, "name", prefix, required=True),
        "phone": normalize_phone(_text(data, "phone", prefix), catalog.region),
        "street": _text(data, "street", prefix, required=True),
        "street2": _text(data, "street2", prefix),
        "city": _text(data, "city", prefix, required=True),
        "state": _text(data, "state", prefix),
        "zip": _text(data, "zip", prefix),
    }
    country = _text(data, "country_code", prefix, required=True).upper()
    if country not in catalog.countries:
        raise IntakeError("unknown_country", prefix + "country_code", value=country)
    shipping["country_code"] = country
    return shipping


def _lines(order, catalog):
    lines = order.get("lines")
    if lines is None or lines is False or lines == []:
        raise IntakeError("missing_field", "lines")
    if not isinstance(lines, list):
        raise IntakeError("invalid_type", "lines", expected="a list of lines")
    if len(lines) > MAX_LINES:
        raise IntakeError("too_large", "lines", max="%d lines" % MAX_LINES)
    result = []
    for index, line in enumerate(lines):
        prefix = "lines[%d]." % index
        if not isinstance(line, dict):
            raise IntakeError("invalid_type", "lines[%d]" % index,
                              expected="a struct (dict)")
        sku = _text(line, "sku", "lines.", required=True)
        if sku not in catalog.skus:
            raise IntakeError("unknown_sku", prefix + "sku", value=sku)
        qty = line.get("qty")
        if qty is None:
            raise IntakeError("missing_field", prefix + "qty")
        if not _number(qty) or qty <= 0 or qty > MAX_QTY:
            raise IntakeError("invalid_qty", prefix + "qty", value=qty, max=MAX_QTY)
        price = line.get("price_unit")
        if price is None:
            raise IntakeError("missing_field", prefix + "price_unit")
        if not _number(price) or price < 0 or price > MAX_PRICE:
            raise IntakeError("invalid_price", prefix + "price_unit", value=price,
                              max=MAX_PRICE)
        result.append({"sku": sku, "qty": float(qty), "price_unit": float(price)})
    return result


def _consent(order):
    data = _dict(order, "consent", required=False)
    if data is None:
        return False
    return {
        "version": _text(data, "version", "consent.", required=True),
        "accepted_at": _datetime(data, "accepted_at", "consent."),
    }


def validate_order(order, catalog):
    """Normalised copy of one raw order, or IntakeError (first problem found)."""
    if not isinstance(order, dict):
        raise IntakeError("invalid_type", "order", expected="a struct (dict)")
    ref = _text(order, "external_ref", required=True)
    ordered_at = _datetime(order, "ordered_at")
    currency = _text(order, "currency", required=True).upper()
    if currency != catalog.currency:
        raise IntakeError("unknown_currency", "currency", value=currency,
                          expected=catalog.currency)
    paid = order.get("paid")
    if paid is None:
        raise IntakeError("missing_field", "paid")
    if not isinstance(paid, bool):
        raise IntakeError("invalid_type", "paid", expected="a boolean")
    result = {
        "external_ref": ref,
        "ordered_at": ordered_at,
        "currency": currency,
        "paid": paid,
        "customer": _customer(order, catalog.region),
        "shipping": _shipping(order, catalog),
        "lines": _lines(order, catalog),
        "shipping_method": _text(order, "shipping_method"),
        "note": _text(order, "note"),
        "consent": _consent(order),
    }
    method = result["shipping_method"]
    if method and method.lower() not in catalog.carriers:
        raise IntakeError("unknown_shipping_method", "shipping_method", value=method)
    return result


def result_row(ref, status, order_id=False, order_name=False, error=None):
    """One entry of the answer of import_orders (False where not applicable)."""
    return item_errors.result_row(
        status, error, external_ref=ref or False, order_id=order_id or False,
        order_name=order_name or False)


def raw_ref(order):
    """The external_ref of a raw order for the answer, even when it is invalid."""
    if isinstance(order, dict) and isinstance(order.get("external_ref"), str):
        return order["external_ref"].strip()[:LENGTHS["external_ref"]] or False
    return False
