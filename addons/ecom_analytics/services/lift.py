"""Promotion lift, measured: plain Python (no ORM), unit-tested with pytest.

A promotion's lift for one channel x SKU is the average daily units sold
while it ran divided by the baseline: the average daily units over the
trailing weeks before it started, leaving out the days that ended out of
stock (nothing could be sold: a zero there is not demand) and the days under
another promotion (their demand is not the normal one). Stock-out days of the
promotion itself are left out of the actual rate for the same reason.

The model gathers the daily units (from ``ecom.sales.daily``), the
stock-out days (``ecom_reorder``'s reconstruction) and the other promotions'
days, calls :func:`measure` per channel x SKU and :func:`combine` for the
promotion's totals; :func:`suggest_uplift` turns the measured lifts of past
similar promotions into the uplift offered for a future one.
"""
import datetime
from collections import namedtuple

#: Default and bounds of the baseline window (weeks before the promotion).
BASELINE_WEEKS = 6
MIN_WEEKS, MAX_WEEKS = 4, 8

Lift = namedtuple("Lift", (
    "baseline_daily actual_daily lift incremental_units incremental_margin "
    "baseline_days promo_days"))


def days_between(first, last):
    """Every day from ``first`` to ``last`` included."""
    return [first + datetime.timedelta(days=n)
            for n in range((last - first).days + 1)]


def baseline_window(date_from, weeks=BASELINE_WEEKS):
    """(first, last) day of the baseline: the ``weeks`` weeks before
    ``date_from`` (``weeks`` held between 4 and 8)."""
    weeks = min(max(int(weeks), MIN_WEEKS), MAX_WEEKS)
    return (date_from - datetime.timedelta(days=7 * weeks),
            date_from - datetime.timedelta(days=1))


def daily_rate(sales, days, excluded):
    """(average daily units, days counted) over ``days`` minus ``excluded``;
    ``sales`` is {day: units} (a day missing sold nothing)."""
    kept = [day for day in days if day not in excluded]
    if not kept:
        return 0.0, 0
    return sum(sales.get(day, 0.0) for day in kept) / len(kept), len(kept)


def measure(promo_days, baseline_days, sales, stockouts=(), other_promo_days=(),
            unit_margin=None):
    """:class:`Lift` of one channel x SKU.

    ``sales``: {day: units}; ``stockouts``: days that ended with nothing on
    hand; ``other_promo_days``: days under another promotion (left out of
    the baseline only); ``unit_margin``: margin of one unit sold during the
    promotion, None when margins are unknown. ``lift`` is None when there is
    no baseline (no normal day sold anything)."""
    stockouts = set(stockouts)
    base, base_n = daily_rate(
        sales, baseline_days, stockouts | set(other_promo_days))
    actual, promo_n = daily_rate(sales, promo_days, stockouts)
    lift = actual / base if base > 0 else None
    incremental = (actual - base) * promo_n if base_n else None
    margin = None
    if incremental is not None and unit_margin is not None:
        margin = incremental * unit_margin
    return Lift(base, actual, lift, incremental, margin, base_n, promo_n)


def combine(lifts):
    """Totals of a promotion over its channel x SKU :class:`Lift` rows: the
    rates add up (the promotion's daily units against its baseline), the
    incremental units and margins add up; rows without a baseline count in
    the actual rate only when others have one (no baseline at all: lift
    None)."""
    lifts = [lift for lift in lifts if lift.baseline_days]
    if not lifts:
        return Lift(0.0, 0.0, None, None, None, 0, 0)
    base = sum(lift.baseline_daily for lift in lifts)
    actual = sum(lift.actual_daily for lift in lifts)
    incremental = sum(lift.incremental_units or 0.0 for lift in lifts)
    margins = [lift.incremental_margin for lift in lifts
               if lift.incremental_margin is not None]
    return Lift(base, actual, actual / base if base > 0 else None, incremental,
                sum(margins) if margins else None,
                max(lift.baseline_days for lift in lifts),
                max(lift.promo_days for lift in lifts))


def similarity(products_a, categs_a, products_b, categs_b):
    """Share of scope two promotions have in common (Jaccard index of their
    products and, separately, categories; the larger one)."""
    def jaccard(left, right):
        left, right = set(left), set(right)
        return len(left & right) / len(left | right) if left | right else 0.0
    return max(jaccard(products_a, products_b), jaccard(categs_a, categs_b))


def suggest_uplift(past, threshold=0.5):
    """Uplift (%) to offer for a future promotion from ``past``: [(similarity,
    measured lift ratio)] of measured past promotions; the similarity-weighted
    average of those at least ``threshold`` similar, None when none is."""
    kept = [(weight, lift) for weight, lift in past
            if weight >= threshold and lift is not None]
    if not kept:
        return None
    total = sum(weight for weight, _lift in kept)
    return (sum(weight * lift for weight, lift in kept) / total - 1.0) * 100.0
