"""Purposes and fields of a purpose-bound reveal; pure Python, no ORM."""

#: Why a customer-service user may see a customer's full personal data.
PURPOSES = [
    ("after_sales", "After-sales"),
    ("customer_care", "Customer care"),
    ("delivery_problem", "Delivery problem"),
]
#: res.partner fields that can be revealed one at a time.
REVEALABLE_FIELDS = [
    "phone", "mobile", "email", "street", "street2", "zip", "city", "vat",
]


class InvalidReveal(ValueError):
    """Bad reveal request; ``field`` names the offending input."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def validate(field_name, purpose, note=None):
    """Normalise a reveal request; return ``(field_name, purpose, note)``.

    Raises :class:`InvalidReveal` naming the bad input: an unknown field, a
    missing or unknown purpose, a note that is not text or too long.
    """
    field_name = (field_name or "").strip() if isinstance(field_name, str) else ""
    if field_name not in REVEALABLE_FIELDS:
        raise InvalidReveal(
            "field", "field: %r cannot be revealed (allowed: %s)"
            % (field_name, ", ".join(REVEALABLE_FIELDS)))
    codes = [code for code, _label in PURPOSES]
    if not isinstance(purpose, str) or purpose.strip() not in codes:
        raise InvalidReveal(
            "purpose", "purpose: %r is not one of %s" % (purpose, ", ".join(codes)))
    if note in (None, False):
        note = ""
    if not isinstance(note, str):
        raise InvalidReveal("note", "note: must be text")
    note = note.strip()
    if len(note) > 200:
        raise InvalidReveal("note", "note: at most 200 characters")
    return field_name, purpose.strip(), note
