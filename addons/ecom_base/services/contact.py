"""The suite's one phone and e-mail normaliser (plain Python, no ORM).

Every place that compares or indexes contact data goes through here: the
channel intake (repeat buyers), the blind index of the encrypted partner
fields, partner search and ``name_search``, and the masking of phone numbers.
Two normalisers that disagree make a customer typed one way unfindable when
stored the other way (issue #12).

Phones are parsed with Google's ``phonenumbers`` (libphonenumber) with a
default region, the company's country (``CN`` for the demo merchant):

>>> normalise_phone("138 0013 8000", "CN")
'+8613800138000'
>>> normalise_phone("0086 13800138000", "CN")
'+8613800138000'
>>> normalise_phone("(021) 1234 5678", "CN")
'+862112345678'
>>> normalise_phone("n/a", "CN") is None
True

The E.164 form (``+<country code><national number>``) is the canonical
key: stored, indexed, compared.
"""
import re

import phonenumbers

DEFAULT_REGION = "CN"
_NON_DIGIT = re.compile(r"\D")
_SPACE = re.compile(r"\s+")
# more than this is no phone number (E.164 allows 15 digits; IDD prefixes,
# extensions and separators a few more)
_MAX_INPUT = 64


def _region(default_region):
    region = (default_region or "").strip().upper()
    return region if len(region) == 2 else None


def _parse(text, region):
    """phonenumbers.PhoneNumber or None (no exception for garbage)."""
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _e164(number):
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_phone(text, default_region=DEFAULT_REGION):
    """``text`` -> ``phonenumbers.PhoneNumber`` or None.

    Accepts the forms people type: national (``13800138000``, ``010-12345678``,
    ``(021) 1234 5678``), spaced or dashed, ``+86 ...``, ``0086 ...`` and
    ``86 ...`` (the country code without ``+``, when the rest is a valid
    number of the default region). Digit strings that make no possible number
    of the default region are tried as international numbers
    (``4930123456`` -> ``+4930123456``).
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > _MAX_INPUT:
        return None
    digits = _NON_DIGIT.sub("", text)
    if len(digits) < 3:
        return None
    region = _region(default_region)
    candidates = []
    if text.startswith("+"):
        candidates.append(_parse(text, None))
    else:
        if region:
            candidates.append(_parse(text, region))
        if digits.startswith("00"):
            # international call prefix 00 (most countries; not the US' 011)
            candidates.append(_parse("+" + digits[2:], None))
        candidates.append(_parse("+" + digits, None))
    best = None
    for number in candidates:
        if number is None or not phonenumbers.is_possible_number(number):
            continue
        if phonenumbers.is_valid_number(number):
            return number
        best = best or number
    return best


def normalise_phone(text, default_region=DEFAULT_REGION):
    """-> E.164 (``'+8613800138000'``) or None when ``text`` holds no phone
    number (``'n/a'``, empty, too few digits)."""
    number = parse_phone(text, default_region)
    return _e164(number) if number is not None else None


def phone_search_keys(text, default_region=DEFAULT_REGION):
    """Canonical keys a typed phone number may match, best first.

    Usually one key (the E.164 form). When the digits also read as a valid
    international number without its ``+`` (``4930123456`` typed without
    ``+`` in China), that reading is offered too, so an exact search finds a
    number stored either way. Empty list when ``text`` holds no number.
    """
    first = normalise_phone(text, default_region)
    if first is None:
        return []
    keys = [first]
    text = text.strip()
    if not text.startswith("+"):
        digits = _NON_DIGIT.sub("", text)
        other = _parse("+" + digits, None)
        if other is not None and phonenumbers.is_valid_number(other):
            other = _e164(other)
            if other not in keys:
                keys.append(other)
    return keys


def phone_parts(text, default_region=DEFAULT_REGION):
    """(country calling code, national significant number) as strings, or
    None: ``'+86 138 0013 8000'`` -> ``('86', '13800138000')``. For masking:
    the country prefix is public, the national number is masked."""
    number = parse_phone(text, default_region)
    if number is None:
        return None
    return str(number.country_code), phonenumbers.national_significant_number(number)


def normalise_email(text):
    """Trimmed, lower-cased, without inner white space; None when empty.

    ``' Zhang.San@Example.CN '`` -> ``'zhang.san@example.cn'``; an e-mail of
    spaces -> None.
    """
    if not isinstance(text, str):
        return None
    value = _SPACE.sub("", text).lower()
    return value or None


def is_email(value):
    """Plausible address (one ``@`` with text on both sides, no spaces)."""
    return bool(value) and re.match(r"^[^@\s]+@[^@\s]+$", value) is not None
