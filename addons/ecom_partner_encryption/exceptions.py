"""The add-on's user-facing errors, in one place (stable wording for API users)."""
from odoo import _
from odoo.exceptions import UserError


class KeyUnusable(UserError):
    """Keys missing or malformed (the message names the option)."""


class DecryptFailed(UserError):
    """A stored value does not decrypt with the configured keys."""


def key_error(detail, field=None):
    where = _(" (field %(field)s)") % {"field": field} if field else ""
    return KeyUnusable(
        _("Partner field encryption is not usable%(where)s: %(detail)s")
        % {"where": where, "detail": detail})


def decrypt_error(detail):
    return DecryptFailed(
        _("Encrypted partner data cannot be read: %(detail)s") % {"detail": detail})


def unsupported_operator(field, operator):
    return UserError(
        _("The field '%(field)s' is stored encrypted: search it with an exact "
          "value ('=', '!=', 'in', 'not in'), not with '%(operator)s'.")
        % {"field": field, "operator": operator})


def unsearchable(field, operator):
    return UserError(
        _("The field '%(field)s' is stored encrypted and has no search index: "
          "only '= False' and '!= False' (set or not set) can be searched, "
          "not '%(operator)s'.") % {"field": field, "operator": operator})
