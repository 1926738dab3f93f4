"""Mask the known personal values of customers inside free text.

Fields are masked by the ORM, but free text holds the same values outside any
field: a note "Called Zhang San about delivery" in the chatter of a picking, a
buyer's note on an order, a report template that prints a value read as
superuser. Given the values of the customers a text is about (the partners of
the document it belongs to), :class:`TextMasker` replaces every occurrence by
its mask, in one pass over the text:

* full values (name, e-mail, street lines, tax number), case-insensitively;
* phone and mobile numbers whatever the separators between their digits;
* for the hidden level, each word of a name on its own ("Mr Zhang"), as a
  whole word and case-sensitively (a customer called "Will" does not mask
  "will"), and the given name of a Chinese name ("小三" of "张小三").

Values too short to be told apart from ordinary text are left alone (see
``MIN_LENGTH``). Pure Python: no ORM, tested without a database.
"""
import html
import re

from odoo.addons.ecom_base.services import masking

#: Personal values looked for, per level of the reader.
FIELDS_BY_LEVEL = {
    "hidden": ("name", "email", "phone", "mobile", "street", "street2", "vat"),
    "masked": ("email", "phone", "mobile", "street", "street2", "vat"),
}
PHONE_FIELDS = ("phone", "mobile")
#: Shortest value replaced (Chinese names: two characters).
MIN_LENGTH = 4
MIN_CJK_LENGTH = 2
MIN_WORD_LENGTH = 3
#: Fewest digits of a phone number looked for.
MIN_PHONE_DIGITS = 7
#: National number: the last digits of a phone, without country prefix.
NATIONAL_DIGITS = 11
_PHONE_SEPARATOR = r"[\s\-.()]{0,2}"


def _is_cjk(text):
    return any(masking._is_cjk(char) for char in text)


def _variants(value):
    """``value`` as it may appear in text or HTML (escaped by QWeb or others)."""
    plain = html.escape(value, quote=False)
    return {value, plain, html.escape(value),
            plain.replace("'", "&#39;").replace('"', "&#34;")}


def _digits(value):
    return "".join(char for char in value if char.isdigit())


class TextMasker:
    """Replace the personal values of ``people`` in texts.

    ``people`` is an iterable of dicts ``{field name: value}`` (partners read
    in clear); ``level`` is ``"hidden"`` (names masked too) or ``"masked"``
    (contact values only).

    >>> masker = TextMasker([{"name": "Zhang San", "phone": "138 1234 5678"}])
    >>> masker("Called Zhang San (13812345678) about delivery, Zhang agreed")
    'Called Z**** S** (138****5678) about delivery, Z**** agreed'
    """

    def __init__(self, people, level="hidden"):
        self.level = level
        self._fields = FIELDS_BY_LEVEL[level]
        self._exact = {}       # case-sensitive words -> mask
        self._folded = {}      # lower-cased values -> mask
        self._phones = set()   # digit strings of known phone numbers
        patterns = {}
        for person in people:
            for field in self._fields:
                value = (person.get(field) or "")
                if not isinstance(value, str):
                    continue
                value = value.strip()
                if field in PHONE_FIELDS:
                    self._add_phone(value, patterns)
                else:
                    self._add_value(field, value, patterns)
        # longest first: a full name wins over its words
        ordered = sorted(patterns.items(), key=lambda item: (-item[1], item[0]))
        self._regex = re.compile("|".join(p for p, _length in ordered)) \
            if ordered else None

    def __bool__(self):
        return self._regex is not None

    # -- building ---------------------------------------------------------

    def _add_value(self, field, value, patterns):
        minimum = MIN_CJK_LENGTH if field == "name" and _is_cjk(value) else MIN_LENGTH
        if len(value) < minimum:
            return
        mask = masking.mask_field(field, value)
        for variant in _variants(value):
            self._folded[variant.lower()] = mask
            patterns["(?i:%s)" % re.escape(variant)] = len(variant)
        if field == "name":
            self._add_name_parts(value, patterns)

    def _add_name_parts(self, name, patterns):
        words = name.split()
        parts = []
        for word in words:
            if _is_cjk(word):
                if len(word) >= 3:
                    # given name of a Chinese name; the family name alone is
                    # what the masked label shows anyway
                    parts.append((word[1:], masking.MASK * (len(word) - 1)))
            elif len(word) >= MIN_WORD_LENGTH and len(words) > 1:
                parts.append((word, masking.mask_name(word)))
        for word, mask in parts:
            for variant in _variants(word):
                self._exact[variant] = mask
                if _is_cjk(variant):
                    patterns[re.escape(variant)] = len(variant)
                else:
                    patterns[r"(?<!\w)%s(?!\w)" % re.escape(variant)] = len(variant)

    def _add_phone(self, value, patterns):
        digits = _digits(value)[-NATIONAL_DIGITS:]
        if len(digits) < MIN_PHONE_DIGITS:
            return
        self._phones.add(digits)
        pattern = r"(?<!\d)%s(?!\d)" % _PHONE_SEPARATOR.join(digits)
        patterns[pattern] = len(digits)

    # -- masking ----------------------------------------------------------

    def _replace(self, match):
        text = match.group(0)
        if _digits(text) in self._phones and not text.strip("0123456789 -.()"):
            return masking.mask_phone(text)
        if text in self._exact:
            return self._exact[text]
        return self._folded.get(text.lower(), masking.MASK * 4)

    def __call__(self, text):
        """``text`` with every known value masked (``False``/``None`` unchanged)."""
        if not text or self._regex is None:
            return text
        return self._regex.sub(self._replace, text)

    def html(self, text):
        """Same for HTML: masks are escaped (values were looked for escaped too)."""
        if not text or self._regex is None:
            return text
        return self._regex.sub(lambda m: html.escape(self._replace(m)), text)
