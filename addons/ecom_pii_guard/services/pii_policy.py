"""Who sees which customer data, and what a protected partner is: pure tables.

No ORM here: the models gather groups, field metadata and rows, these
functions decide. Tested without a database (``tests/test_pii_policy.py``).

Levels:

* ``clear``: superuser, administrators and users of no e-commerce role;
* ``masked``: customer service (and its managers), the privacy officer,
  salesmen: names, contact fields masked;
* ``hidden``: warehouse roles, the purchase planner, the integration role:
  no customer data at all, and no oracle (ordering, grouping, searching or
  counting by a personal field) either.
"""
from odoo.addons.ecom_base.services import masking

#: Personal fields masked for every restricted level.
CONTACT_FIELDS = ("email", "phone", "mobile", "street", "street2", "zip", "city", "vat")
#: Fields derived from personal data, blanked for the masked and hidden levels.
DERIVED_FIELDS = ("contact_address", "email_formatted", "signup_url")
#: More text about the person, hidden from the "hidden" level only.
HIDDEN_EXTRA_FIELDS = (
    "name", "display_name", "parent_name", "commercial_company_name",
    "company_name", "function", "comment", "website", "ref",
)
#: Personal fields of a partner (and of models inheriting it, res.users):
#: searching, ordering or grouping by them is an oracle for the hidden level.
SEARCH_PII_FIELDS = frozenset(CONTACT_FIELDS + DERIVED_FIELDS + HIDDEN_EXTRA_FIELDS) | {
    "email_normalized", "phone_sanitized", "login",
}
#: Models whose records are people: res.users inherits res.partner (the
#: user's name, e-mail and login are the partner's), portal users are customers.
PERSON_MODELS = ("res.partner", "res.users")
#: Plain copies of customer data stored on other models (not related fields,
#: which are found from their definition): oracles for the hidden level too.
COPIED_PII_FIELDS = {
    "mail.message": ("email_from", "reply_to"),
    "mail.mail": ("email_to", "email_cc", "email_from", "reply_to"),
    "payment.transaction": (
        "partner_name", "partner_email", "partner_phone", "partner_address",
        "partner_zip", "partner_city"),
    "sale.order": ("client_order_ref",),
}

#: Context for display names without the address/e-mail variants of name_get.
CLEAR_NAME_CONTEXT = {"show_address": False, "show_email": False,
                      "address_inline": False, "show_address_only": False}

HIDDEN_GROUPS = (
    "ecom_base.group_warehouse_operator",
    "ecom_base.group_integration",
    "ecom_base.group_purchase_planner",
)
MASKED_GROUPS = (
    "ecom_base.group_customer_service",
    "ecom_base.group_privacy_officer",
    "sales_team.group_sale_salesman",
)
#: Who may set or clear the protection of a partner by hand (logged).
PROTECTION_MANAGER_GROUPS = ("base.group_system", "ecom_base.group_privacy_officer")


def level_for(superuser, has_group):
    """``clear``, ``masked`` or ``hidden`` from the caller's groups.

    ``has_group(xml_id)`` answers for the caller. Administrators are clear
    even when also given a restricted role; masked wins over hidden (a
    customer-service agent who also picks keeps seeing names).
    """
    if superuser or has_group("base.group_system"):
        return "clear"
    if any(has_group(group) for group in MASKED_GROUPS):
        return "masked"
    if any(has_group(group) for group in HIDDEN_GROUPS):
        return "hidden"
    return "clear"


def mask_value(field_name, value, level):
    """``value`` of the partner field ``field_name`` as ``level`` may see it."""
    if value in (False, None, ""):
        return value
    if field_name in ("name", "display_name"):
        return masking.mask_name(value) if level == "hidden" else value
    if field_name in DERIVED_FIELDS:
        return False
    if field_name in CONTACT_FIELDS:
        return masking.mask_field(field_name, value)
    if field_name == "login":
        return masking.mask_email(value) if "@" in value else masking.mask_name(value)
    if level == "hidden" and field_name in HIDDEN_EXTRA_FIELDS:
        return masking.mask_field(field_name, value)
    return value


def protected_on_create(vals, parent_protected):
    """Whether a new partner created with ``vals`` is a protected customer.

    Everyone is a customer (protected) unless entered as a vendor: supplier
    and bought through no channel, or a contact of a partner that is not
    protected (a vendor's or the company's own contact). A contact of a
    protected partner is protected whatever ``vals`` say: core copies the
    parent's address and VAT into it. ``parent_protected`` is None without
    a parent. Internal users and companies are exempted elsewhere, from data
    only administrators change.
    """
    if vals.get("ecom_channel_id") or parent_protected:
        return True
    if parent_protected is False:
        return False
    return not vals.get("supplier")


def sanitize_order(order_spec, is_personal):
    """``order_spec`` with every term on a personal field ordered by id instead.

    ``is_personal(field_name)`` answers for the model being ordered. The
    direction is kept (``name desc`` -> ``id desc``) and duplicates of ``id``
    are dropped, so the result is a valid Odoo order spec. Ordering by id
    tells nothing about a person: ids are not personal data.
    """
    if not order_spec:
        return order_spec
    terms, seen_id = [], False
    for part in order_spec.split(","):
        words = part.split()
        if not words:
            continue
        if is_personal(words[0].strip('"')):
            words[0] = "id"
        if words[0] == "id":
            if seen_id:
                continue
            seen_id = True
        terms.append(" ".join(words))
    return ", ".join(terms)


#: Field read on a document to show next to a masked customer ("C*** (WH/OUT/7)"),
#: first one set wins.
REFERENCE_FIELDS = {
    "stock.picking": ("origin", "name"),
    "stock.move": ("origin", "reference"),
    "stock.move.line": ("reference",),
    "sale.order": ("name",),
    "sale.order.line": ("order_id",),
    "account.invoice": ("origin", "number"),
    "purchase.order": ("name",),
}
#: Partner fields blanked when a customer is erased (the name is replaced).
ERASED_FIELDS = CONTACT_FIELDS + ("function", "comment", "website", "ref")
#: What a privacy-officer export holds of the customer and its contacts.
EXPORT_FIELDS = ("name", "type") + CONTACT_FIELDS


def domain_field_names(domain):
    """The first field name of each leaf of ``domain`` (``child_ids.name`` ->
    ``child_ids``); a blind-index leaf ``email_bidx`` names ``email``."""
    names = []
    for leaf in domain or []:
        if isinstance(leaf, (list, tuple)) and len(leaf) == 3 \
                and isinstance(leaf[0], str):
            name = leaf[0].split(".")[0]
            # ecom_partner_encryption rewrites e-mail/phone/... leaves to
            # their blind-index column "<field>_bidx": the same oracle.
            if name.endswith("_bidx"):
                name = name[:-len("_bidx")]
            names.append(name)
    return names


def domain_reads_personal(domain):
    """Whether a res.partner ``domain`` searches by a personal field."""
    return any(name in SEARCH_PII_FIELDS for name in domain_field_names(domain))


def _groupbys(groupby):
    return [groupby] if isinstance(groupby, str) else list(groupby or [])


def partner_group_names(fields, groupby):
    """Field names a res.partner ``read_group`` groups or aggregates by."""
    names = [g.split(":")[0] for g in _groupbys(groupby)]
    return names + [f.split(":")[0] for f in fields or []]


def group_names(fields, groupby, orderby):
    """Field names any ``read_group`` reads: groups, aggregated fields
    (``amount:sum`` and ``max(amount)`` -> ``amount``) and order terms."""
    names = [g.split(":")[0] for g in _groupbys(groupby)]
    names += [f.split(":")[0].split("(")[-1].rstrip(")") for f in fields or []]
    names += [o.split()[0] for o in (orderby or "").split(",") if o.split()]
    return names


def first_blocked(names, blocked):
    """The first of ``names`` in ``blocked``, or None."""
    for name in names:
        if name in blocked:
            return name
    return None


def masked_group_blocked():
    """Partner fields customer service may not group customers by."""
    return frozenset(CONTACT_FIELDS + DERIVED_FIELDS)


def order_blocked_fields(level, personal, is_person):
    """Fields ordering by which is refused (ordered by id instead).

    ``personal``: the personal fields of the model; ``is_person``: the model's
    records are people (res.partner, res.users).
    """
    if level == "hidden":
        return personal
    if level == "masked" and is_person:
        return frozenset(CONTACT_FIELDS + DERIVED_FIELDS)
    return frozenset()


def export_blocked_fields(level, personal, is_person):
    """Fields an export may not contain (the whole export is refused)."""
    if level == "hidden":
        return personal
    if level != "clear" and is_person:
        return CONTACT_FIELDS
    return ()


def export_path_parts(path):
    """The field names of an export path ``partner_id/email`` up to an id."""
    parts = []
    for part in path.replace(":id", "").split("/"):
        if part in ("id", ".id"):
            break
        parts.append(part)
    return parts


def flatten_many2one(rows):
    """``read`` rows with many2one pairs ``(id, name)`` replaced by the name."""
    for row in rows:
        for key, value in list(row.items()):
            if isinstance(value, tuple):
                row[key] = value[1]
    return rows


def related_personal(field, depth=0):
    """Whether ``field`` (an Odoo field object, duck-typed: ``related``,
    ``related_field``, ``model_name``, ``name``) is related to a personal
    field of a person, through up to 8 hops."""
    target = field.related_field if field.related else None
    if target is None or depth > 8:
        return False
    if target.model_name in PERSON_MODELS and target.name in SEARCH_PII_FIELDS:
        return True
    return related_personal(target, depth + 1)


def leaf_action(leaf, field, personal, link):
    """What a hidden-level search does with one domain ``leaf`` of a model.

    ``field`` is the model's field named by the leaf (duck-typed: ``related``,
    ``store``, ``relational``, ``auto_join``; None when unknown or not a
    leaf), ``personal`` the model's personal fields, ``link`` its
    ``_ecom_pii_person_link`` (``"id"`` for res.partner, the ``_inherits``
    field of res.users, None for other models). One of:

    - ``("keep", leaf)``: searched as it is;
    - ``("restrict", leaf)``: AND ``link`` in the unprotected partners;
    - ``("rewrite", leaf)``: a stored related copy searched through its path;
    - ``("refuse", name)``: a plain copy of personal data, no search by it;
    - ``("subsearch", name, leaf)``: an ``auto_join`` relation searched on its
      model (guarded there), then ``name in`` the ids found.
    """
    if field is None or not isinstance(leaf, (list, tuple)) or len(leaf) != 3 \
            or not isinstance(leaf[0], str):
        return ("keep", leaf)
    left, operator, value = leaf
    parts = left.split(".")
    if parts[0] in personal and link not in (None, "id"):
        return ("restrict", leaf)
    if parts[0] in personal and link is None:
        if field.related and not field.store:
            return ("keep", leaf)  # core searches the related path
        if field.related:
            return ("rewrite", (".".join(tuple(field.related) + tuple(parts[1:])),
                                operator, value))
        return ("refuse", parts[0])
    if field.relational and field.auto_join and len(parts) > 1:
        return ("subsearch", parts[0], (".".join(parts[1:]), operator, value))
    return ("keep", leaf)


def leaf_field_name(leaf):
    """The field a domain leaf starts with, or None for operators and others."""
    if isinstance(leaf, (list, tuple)) and len(leaf) == 3 \
            and isinstance(leaf[0], str):
        return leaf[0].split(".")[0]
    return None
