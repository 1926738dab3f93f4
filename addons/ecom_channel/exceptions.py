# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The error the channel API raises for a whole call (see readme/USAGE.rst)."""
from odoo.exceptions import UserError, ValidationError, except_orm

from .services.api_args import api_message


class EcomApiError(UserError, ValidationError):
    """A bad argument of an API call: ``code``, ``field``, and the message
    ``"<code>: <message naming the field>"``.

    A ValidationError for the suite's code (``except ValidationError`` catches
    it) and a UserError for Odoo's RPC layer, which then answers the message
    itself (XML-RPC fault code 2, JSON-RPC ``data.message``), not a traceback
    as it does for other exceptions in Odoo 11.
    """

    def __init__(self, error):
        self.code = error.code
        self.field = error.field
        except_orm.__init__(self, api_message(error), value="")
