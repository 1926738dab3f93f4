"""Masking of customer personal data for labels and screens.

Used wherever a person must recognise a customer record without learning who
the customer is: packing slips, pickings seen by warehouse staff, customer
service screens before a purpose-bound reveal. The functions are pure (no ORM),
accept ``None``/``False`` like Odoo field values, and never return more of the
input than their docstring says: a mask must stay a mask whatever the input.
"""
import re
import unicodedata

from . import contact

MASK = "*"
#: Suffixes that close an administrative level in Chinese addresses
#: (province, city, district, county, prefecture, banner, town, township).
_CJK_ADMIN_SUFFIXES = "省市区县州旗盟镇乡"
_SEPARATOR = " · "


def _is_cjk(char):
    """True for Han ideographs and other wide East-Asian letters."""
    return unicodedata.east_asian_width(char) in ("W", "F") and char.isalpha()


def _text(value):
    if value is None or value is False:
        return ""
    return str(value).strip()


def _mask_word(word):
    """Keep the first letter of a Latin word, mask the rest; digits fully."""
    if not word:
        return ""
    if any(c.isdigit() for c in word):
        return MASK * len(word)
    return word[0] + MASK * (len(word) - 1)


def _mask_cjk_name(name):
    if len(name) == 1:
        return MASK
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_name(value):
    """Mask a person's name: "张小三" -> "张*三", "张三" -> "张*", "John Doe" -> "J*** D**".

    Chinese names keep the family name and, from three characters on, the last
    character, which is how Chinese platforms print names on waybills. Latin
    names keep the initial of each word.
    """
    text = _text(value)
    if not text:
        return ""
    words = text.split()
    masked = []
    for word in words:
        if all(_is_cjk(c) or c == "·" for c in word):
            masked.append(_mask_cjk_name(word))
        else:
            masked.append(_mask_word(word))
    return " ".join(masked)


def _digits(value):
    return "".join(c for c in value if c.isdigit())


def mask_phone(value):
    """Mask a phone number: "138 1234 1234" -> "138****1234".

    Keeps the first three and last four digits of numbers with at least ten
    digits (mobile prefix and tail, as on Chinese waybills), the first two and
    last two of shorter ones, and only the last two below seven digits. A
    leading "+country" prefix written apart is kept: "+86 13812341234" ->
    "+86 138****1234", also written together as E.164 ("+8613812341234").
    Separators are dropped.
    """
    text = _text(value)
    if not text:
        return ""
    prefix = ""
    match = re.match(r"^\+(\d{1,3})[\s\-.()]+(.*)$", text)
    if match:
        prefix = "+%s " % match.group(1)
        text = match.group(2)
    elif text.startswith("+"):
        # E.164 as the intake stores it: "+8613812341234" -> "+86 138****1234"
        parts = contact.phone_parts(text)
        if parts:
            prefix, text = "+%s " % parts[0], parts[1]
    digits = _digits(text)
    if not digits:
        return prefix + MASK * 4
    count = len(digits)
    if count >= 10:
        head, tail = 3, 4
    elif count >= 7:
        head, tail = 2, 2
    else:
        head, tail = 0, min(2, count - 1)
    middle = count - head - tail
    return prefix + digits[:head] + MASK * max(middle, 1) + digits[count - tail:]


def mask_email(value):
    """Mask an e-mail: "john@example.com" -> "j***@example.com".

    The domain stays (it tells support which mail provider bounced) and the
    local part keeps only its first character behind a fixed-length mask, so
    the mask does not reveal the local part's length.
    """
    text = _text(value)
    if not text:
        return ""
    if "@" not in text:
        return text[0] + MASK * 3
    local, _sep, domain = text.rpartition("@")
    first = local[:1]
    return "%s%s@%s" % (first, MASK * 3, domain)


def mask_address(value):
    """Mask a street line.

    Chinese addresses keep their administrative prefix (up to the last
    province/city/district/county/town marker in the first 12 characters):
    "北京市朝阳区建国路88号" -> "北京市朝阳区****". Other addresses keep the
    initial of each word and mask numbers: "221B Baker Street" ->
    "**** B**** S*****".
    """
    text = _text(value)
    if not text:
        return ""
    if any(_is_cjk(c) for c in text):
        head = text[:12]
        cut = max(head.rfind(s) for s in _CJK_ADMIN_SUFFIXES)
        keep = text[: cut + 1] if cut >= 0 else text[:2]
        if len(keep) >= len(text):
            keep = text[:2]
        return keep + MASK * 4
    return " ".join(_mask_word(word) for word in text.split())


def mask_zip(value):
    """Keep the first two characters of a postal code: "100020" -> "10****"."""
    text = _text(value)
    if not text:
        return ""
    keep = text[:2] if len(text) > 3 else ""
    return keep + MASK * max(len(text) - len(keep), 1)


def mask_city(value):
    """Keep the first character of a city: "Shanghai" -> "S*******", "上海" -> "上*"."""
    text = _text(value)
    if not text:
        return ""
    return text[0] + MASK * max(len(text) - 1, 1)


def mask_identifier(value):
    """Keep the first two and last two characters of a tax/ID number."""
    text = re.sub(r"\s+", "", _text(value))
    if not text:
        return ""
    if len(text) <= 6:
        return MASK * len(text)
    return text[:2] + MASK * (len(text) - 4) + text[-2:]


#: Field name -> masking function, for the personal fields of ``res.partner``.
FIELD_MASKERS = {
    "name": mask_name,
    "display_name": mask_name,
    "email": mask_email,
    "phone": mask_phone,
    "mobile": mask_phone,
    "street": mask_address,
    "street2": mask_address,
    "zip": mask_zip,
    "city": mask_city,
    "vat": mask_identifier,
}


def mask_field(field_name, value):
    """Mask ``value`` as the personal field ``field_name`` of a partner.

    Unknown fields are masked completely rather than passed through: a caller
    that asks to mask a field wants nothing of it shown.
    """
    text = _text(value)
    if not text:
        return ""
    masker = FIELD_MASKERS.get(field_name)
    if masker is None:
        return MASK * 4
    return masker(text)


def masked_label(name, reference=None):
    """Label a customer on stock documents: "张*三 · SO042"."""
    masked = mask_name(name) or MASK * 3
    reference = _text(reference)
    return masked + _SEPARATOR + reference if reference else masked
