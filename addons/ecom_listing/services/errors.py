"""Error codes of the listing add-on (one table; see README).

:class:`ListingError` is an ``ecom_channel`` :class:`IntakeError` (same
``code``, ``field``, ``message``), so a rejected order or listing gives the
same result row as every other intake error. The codes of ``import_orders``
stay as they are; this add-on adds ``unknown_listing`` and ``invalid_listing``.
"""
from odoo.addons.ecom_channel.services import intake

ERROR_CODES = intake.ERROR_CODES + ("unknown_listing", "invalid_listing")

MESSAGES = dict(
    intake.MESSAGES,
    unknown_listing="%(field)s: no active listing of the channel with %(key)s "
                    "%(value)r%(detail)s",
    invalid_listing="%(field)s: listing %(value)r cannot be sold: %(detail)s",
)


class ListingError(intake.IntakeError):
    """A rejected order line or listing: ``code``, ``field``, ``message``."""

    MESSAGES = MESSAGES
    DEFAULT_PARAMS = {"detail": ""}
