"""Messages of the add-on, one place: stable codes, translated sentences."""
from odoo import _
from odoo.exceptions import AccessDenied

TOTP_ENROLMENT_NEEDED = "totp_enrolment_needed"
TOTP_CODE_INVALID = "totp_code_invalid"
TOTP_SESSION_MISSING = "totp_session_missing"
TOTP_OTHER_USER = "totp_other_user"


def message(code, **values):
    """The user-facing sentence of an error code."""
    texts = {
        TOTP_ENROLMENT_NEEDED: _(
            "Your role requires a second factor: set up an authenticator app "
            "to finish logging in."),
        TOTP_CODE_INVALID: _(
            "The confirmation code is not correct: enter the 6-digit code your "
            "authenticator app shows now (check the phone's clock)."),
        TOTP_SESSION_MISSING: _(
            "Log in with your password before setting up the second factor."),
        TOTP_OTHER_USER: _(
            "An authenticator can only be added to your own account (user %(user)s)."),
    }
    return texts[code] % values if values else texts[code]


class TotpEnrolmentNeeded(AccessDenied):
    """Password right, but the role makes a second factor mandatory and the
    user has none yet: the web login continues with the enrolment page, any
    other channel (XML-RPC, JSON authenticate) is refused."""
    error_code = TOTP_ENROLMENT_NEEDED
