"""TOTP (RFC 6238) for the second factor: secrets, enrolment URIs, code checks.

Plain Python over ``pyotp`` (the library OCA ``auth_totp`` uses), so enrolment
at login and the preferences wizard agree on what a valid code is.
"""
import re

import pyotp

#: codes of the previous and the next 30 s step are accepted too (clock drift)
VALID_WINDOW = 1
_CODE = re.compile(r"^\d{6}$")


def new_secret():
    """A fresh random base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret, account, issuer):
    """``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def normalise_code(code):
    """Digits of a code as typed ("123 456" -> "123456"); '' when not 6 digits."""
    code = re.sub(r"\s+", "", code or "")
    return code if _CODE.match(code) else ""


def verify(secret, code, at=None):
    """True when ``code`` is the TOTP of ``secret`` now (or at ``at``), +- one step."""
    code = normalise_code(code)
    if not code or not secret:
        return False
    return pyotp.TOTP(secret).verify(code, for_time=at, valid_window=VALID_WINDOW)


def requires_second_factor(mandatory_flags, enrolled):
    """Decision at login: 'ok', 'enrol' (mandatory, nothing set up) or 'code'.

    ``mandatory_flags``: the "second factor mandatory" setting of each group
    the user holds; ``enrolled``: the user has MFA on (an authenticator).
    """
    if enrolled:
        return "code"
    if any(mandatory_flags):
        return "enrol"
    return "ok"
