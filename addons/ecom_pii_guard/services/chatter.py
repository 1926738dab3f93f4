"""Chatter of documents as restricted roles may see it: the pure decisions.

Plain Python, no ORM (``models/mail_message.py`` is the glue): which
documents' messages the hidden level never reads, which free-text fields may
name customers, how e-mails and phone numbers are masked in a body, which
tracking values are personal, and how the message dicts of the chatter are
relabelled once the model knows the labels and the protected partners.
"""
import re

from odoo.addons.ecom_base.services import masking

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d \-]{5,}\d")

#: Free text of a message that may name the customers of its document.
NAMED_TEXT_FIELDS = ("body", "subject", "record_name")

#: Documents whose chatter is about the customer: hidden level never reads it.
CUSTOMER_DOCUMENT_MODELS = ["res.partner", "sale.order", "account.invoice", "crm.lead"]

#: Sender fields of a message, masked for every restricted level.
SENDER_FIELDS = ("email_from", "reply_to")


def mask_free_text(text):
    """Mask e-mail addresses and phone-like digit runs in a message body."""
    text = _EMAIL.sub(lambda m: masking.mask_email(m.group(0)), text)
    return _PHONE.sub(lambda m: masking.mask_phone(m.group(0)), text)


def mask_senders(rows):
    """Mask the sender addresses of ``read`` rows of messages, in place.

    Customers' addresses; staff addresses are no secret but cannot be told
    apart cheaply there, so all are masked.
    """
    for row in rows:
        for name in SENDER_FIELDS:
            if row.get(name):
                row[name] = masking.mask_email(row[name])


def body_for_hidden(body, author_id, protected):
    """A body as the hidden level reads it: hidden when a customer (or an
    unknown author) wrote it, else with e-mails and phone numbers masked."""
    if not author_id or author_id in protected:
        return None
    return mask_free_text(body or "")


def tracking_is_personal(message_model, field_type, comodel_name, level):
    """Whether a tracking value ("Partner: A -> B") is masked for ``level``.

    ``field_type`` is None when the tracked field is unknown (fail closed).
    """
    if field_type is None:
        return True
    if field_type == "many2one" and comodel_name == "res.partner":
        return level == "hidden"
    return message_model == "res.partner"


def message_partner_ids(messages):
    """Partner ids a list of chatter message dicts names (authors, recipients)."""
    ids = set()
    for message in messages:
        author = message.get("author_id")
        if author and author[0]:
            ids.add(author[0])
        ids.update(p[0] for p in message.get("partner_ids") or [])
        ids.update(d[0] for d in message.get("customer_email_data") or [])
    return ids


def relabel_message(message, labels, protected, personal_tracking):
    """Relabel one chatter message dict in place.

    ``labels``: {partner id: label the reader may see}; ``protected``: ids of
    protected partners; ``personal_tracking``: ids of the message's tracking
    values to mask.
    """
    author = message.get("author_id")
    if author and author[0] in labels:
        message["author_id"] = (author[0], labels[author[0]])
    if author and (not author[0] or author[0] in protected):
        message["email_from"] = masking.mask_email(message.get("email_from"))
        if not author[0]:
            message["author_id"] = (0, message["email_from"])
    message["partner_ids"] = [
        (p[0], labels.get(p[0], p[1])) for p in message.get("partner_ids") or []]
    message["customer_email_data"] = [
        (d[0], labels.get(d[0], d[1]), d[2])
        for d in message.get("customer_email_data") or []]
    for value in message.get("tracking_value_ids") or []:
        if value["id"] in personal_tracking:
            value["old_value"] = masking.mask_name(value["old_value"]) or ""
            value["new_value"] = masking.mask_name(value["new_value"]) or ""
