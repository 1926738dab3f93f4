# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Errors of the settlement actions (posting, CSV upload): a stable code and
the sentence the UI shows. The import API's codes and messages are in
``services/settlement_import.py`` (plain Python, shared with the CSV path)."""
from odoo import _
from odoo.exceptions import UserError


def message(code, **params):
    """The user-facing sentence of ``code`` (translated)."""
    messages = {
        "not_postable": _("Settlement %(batch)s cannot be posted in state "
                          "%(state)s (field state)."),
        "missing_account": _("Channel %(channel)s has no %(field)s: set it in "
                             "the channel's settlement accounts before posting."),
        "not_posted": _("Settlement %(batch)s is not posted: its payout cannot be "
                        "reconciled yet (field state)."),
        "payout_mismatch": _("Bank statement line amount %(amount)s differs from "
                             "the open payout %(net)s of settlement %(batch)s "
                             "(field amount)."),
        "no_statement_line": _("No bank statement line of %(net)s waits for the "
                               "payout of settlement %(batch)s (field amount)."),
        "ambiguous_statement_line": _(
            "%(count)s bank statement lines could be the payout of settlement "
            "%(batch)s: put the batch reference in the label of one (field name) "
            "or reconcile it in the bank reconciliation."),
        "invalid_file": _("The file cannot be read as CSV: %(reason)s "
                          "(field file)."),
        "missing_column": _("Column %(column)s of mapping %(mapping)s is not in "
                            "the file header (field %(field)s)."),
        "rows_rejected": _("%(count)s rows were rejected; nothing was imported."),
    }
    return messages[code] % params


class SettlementUserError(UserError):
    """A refused action: ``error_code`` is stable, the message translated."""

    def __init__(self, code, **params):
        self.error_code = code
        super().__init__(message(code, **params))
