"""Lockout policy per login across all addresses (OCA auth_brute_force does
per address and per address + login).

Failures count since the later of the login's last success and the start of
the window, so a locked account unlocks by itself after ``window_minutes``
(an attacker spreading guesses over many addresses cannot lock it forever).
"""
from datetime import datetime, timedelta

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def window_start(now, window_minutes, last_success=None):
    """Start of the counting window as an Odoo datetime string.

    ``now``: datetime (UTC); ``last_success``: Odoo datetime string or None.
    ``window_minutes`` <= 0 counts since the last success only.
    """
    start = None
    if window_minutes > 0:
        start = (now - timedelta(minutes=window_minutes)).strftime(DATETIME_FORMAT)
    if last_success and (start is None or last_success > start):
        start = last_success
    return start


def is_locked(failures, limit):
    """``limit`` <= 0 disables the per-login lockout."""
    return limit > 0 and failures >= limit


def parse_limit(value, default):
    """An ir.config_parameter value as an int, ``default`` when unset or bad."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def utcnow():
    return datetime.utcnow()
