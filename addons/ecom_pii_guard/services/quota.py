"""Per-user daily quotas (reveals, label prints); pure Python, no ORM.

The model ``ecom.pii.quota.usage`` keeps one counter row per (user, kind,
UTC day) and applies :func:`check` to it; the row is what makes the quota
hold under concurrent calls (see its docstring).
"""
import datetime


class QuotaExceeded(Exception):
    """Raised when a user has used up the daily quota."""

    def __init__(self, limit, used):
        super().__init__(limit, used)
        self.limit = limit
        self.used = used


class QuotaBusy(Exception):
    """Another use of the same quota by the same user is being counted."""


def parse_limit(value, default):
    """Limit from a configuration parameter: a non-negative int, or ``default``.

    ``0`` means "none allowed"; a negative value or text that is not a number
    is a configuration error and falls back to ``default``.
    """
    try:
        limit = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return limit if limit >= 0 else default


def day_window(now):
    """UTC day containing ``now``: (start, end) as Odoo datetime strings."""
    start = datetime.datetime(now.year, now.month, now.day)
    end = start + datetime.timedelta(days=1)
    fmt = "%Y-%m-%d %H:%M:%S"
    return start.strftime(fmt), end.strftime(fmt)


def day_of(now):
    """UTC day containing ``now`` as an Odoo date string (the quota's key)."""
    return now.strftime("%Y-%m-%d")


def check(limit, used, wanted=1):
    """Raise :class:`QuotaExceeded` unless ``wanted`` more uses fit; return what is left.

    ``limit`` of ``None`` means unlimited (the privacy officer's reveals).
    """
    if limit is None:
        return None
    if used + wanted > limit:
        raise QuotaExceeded(limit, used)
    return limit - used - wanted
