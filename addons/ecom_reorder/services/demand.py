"""Demand statistics and reorder thresholds, in plain Python (no ORM).

The orderpoint model gathers daily delivered quantities, stock-out days,
promotions and vendor terms in a few queries, then calls :func:`suggest`
for each rule; this module only does arithmetic, so it is unit-tested
without a database (tests/test_demand.py).

Dates are ``datetime.date`` objects; quantities are floats in the product's
unit of measure.
"""
import collections
import datetime
import math

ONE_DAY = datetime.timedelta(days=1)

DemandStats = collections.namedtuple(
    "DemandStats", "average sigma days_used stockout_days total")
Suggestion = collections.namedtuple(
    "Suggestion", "min_qty max_qty daily_demand season_index promo_factor "
                  "safety_qty explanation")


def date_range(start, end):
    """Every day from ``start`` to ``end`` inclusive."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def daily_demand(daily_qty, stockout_days, start, end):
    """Average and standard deviation of daily demand over [start, end].

    ``daily_qty`` maps a date to the quantity delivered to customers that day
    (missing days sold nothing). Days in ``stockout_days`` are left out of both
    the numerator and the denominator: nothing could be sold, so they say
    nothing about demand. A day that both sold and ended out of stock is still a
    stock-out day (the sales were capped by the stock)."""
    if end < start:
        raise ValueError("window end %s is before its start %s" % (end, start))
    values = []
    excluded = 0
    for day in date_range(start, end):
        if day in stockout_days:
            excluded += 1
            continue
        values.append(float(daily_qty.get(day, 0.0)))
    if not values:
        return DemandStats(0.0, 0.0, 0, excluded, 0.0)
    total = sum(values)
    average = total / len(values)
    variance = sum((v - average) ** 2 for v in values) / len(values)
    return DemandStats(average, math.sqrt(variance), len(values), excluded, total)


def seasonality_index(period_last_year_avg, year_avg_last_year):
    """Ratio of last year's same period to last year's average daily demand.

    1.0 (no adjustment) when last year had no sales: a new product has no season
    to learn from."""
    if not year_avg_last_year or period_last_year_avg is None:
        return 1.0
    return period_last_year_avg / year_avg_last_year


def promotion_factor(promotions, start, horizon_days):
    """Average demand multiplier over the next ``horizon_days`` from ``start``.

    ``promotions`` is an iterable of ``(date_from, date_to, uplift_percent)``.
    Overlapping promotions do not add up: a day takes the largest uplift active
    on it (a customer buys once, whatever the number of banners)."""
    if horizon_days <= 0:
        return 1.0
    promotions = list(promotions)
    if not promotions:
        return 1.0
    total = 0.0
    for offset in range(int(horizon_days)):
        day = start + datetime.timedelta(days=offset)
        uplift = max(
            [p[2] for p in promotions if p[0] <= day <= p[1]] or [0.0])
        total += 1.0 + uplift / 100.0
    return total / int(horizon_days)


def service_level_z(service_level):
    """z such that P(Z <= z) = service_level for a standard normal Z.

    ``service_level`` is a fraction (0.95) or a percent (95)."""
    level = service_level / 100.0 if service_level > 1 else service_level
    if not 0.5 <= level < 1:
        raise ValueError("service level must be between 50%% and 100%%, got %s"
                         % service_level)
    low, high = 0.0, 10.0
    for _dummy in range(80):  # bisection on the normal CDF
        mid = (low + high) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < level:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def safety_stock(daily, method, lead_days, safety_days=0.0, sigma=0.0,
                 service_level=0.95):
    """Safety stock: ``days`` x daily demand, or z x sigma x sqrt(lead time)."""
    if method == "days":
        return daily * safety_days
    if method == "service":
        return service_level_z(service_level) * sigma * math.sqrt(max(lead_days, 0))
    raise ValueError("unknown safety method %r" % method)


def round_up(qty, min_qty=0.0, multiple=0.0):
    """Raise ``qty`` to the vendor minimum, then up to the packaging multiple."""
    qty = max(qty, min_qty or 0.0)
    if multiple and multiple > 0:
        packs = math.ceil(round(qty / multiple, 6))
        qty = packs * multiple
    return qty


def _fmt(value):
    text = ("%.1f" % value) if abs(value - round(value)) > 1e-9 else "%d" % value
    return text


def suggest(stats, window_days, lead_days, review_days, order_cycle_days,
            season=1.0, promo=1.0, safety_method="days", safety_days=0.0,
            service_level=0.95, min_qty=0.0, multiple=0.0):
    """Suggested min/max of a demand-driven reorder rule, with its explanation.

    min = demand x (lead + review) + safety; max = min + demand x order cycle;
    both rounded up to the vendor minimum / packaging multiple, where the
    daily demand is the window average x season index x promotion factor."""
    for name, value in (("lead time", lead_days), ("review period", review_days),
                        ("order cycle", order_cycle_days),
                        ("safety days", safety_days)):
        if value < 0:
            raise ValueError("%s must not be negative, got %s" % (name, value))
    daily = stats.average * season * promo
    safety = safety_stock(daily, safety_method, lead_days, safety_days,
                          stats.sigma * season * promo, service_level)
    raw_min = daily * (lead_days + review_days) + safety
    raw_max = raw_min + daily * order_cycle_days
    min_q = math.ceil(round(raw_min, 6)) if raw_min > 0 else 0.0
    max_q = math.ceil(round(raw_max, 6)) if raw_max > 0 else 0.0
    if max_q > 0:
        min_q = round_up(min_q, 0.0, multiple) if min_q else 0.0
        max_q = round_up(max_q, min_q + (min_qty or 0.0), multiple)
    parts = ["%.1f/day over %d d" % (stats.average, window_days)]
    if stats.stockout_days:
        parts[0] += " (%d stock-out days left out)" % stats.stockout_days
    if abs(season - 1.0) > 1e-6:
        parts[0] += " x %.1f season" % season
    if abs(promo - 1.0) > 1e-6:
        parts[0] += " x %.2f promo" % promo
    text = "%s; lead %s d + review %s d; safety %s -> min %s, max %s" % (
        parts[0], _fmt(lead_days), _fmt(review_days), _fmt(round(safety, 1)),
        _fmt(min_q), _fmt(max_q))
    return Suggestion(float(min_q), float(max_q), daily, season, promo, safety, text)


def order_quantity(forecast, min_qty, max_qty, multiple=0.0, in_progress=0.0,
                   rounding=0.01):
    """Quantity Odoo 11's scheduler orders for a rule (stock module's
    ``_procure_orderpoint_confirm``): when the forecast is at or below min,
    bring it up to max, rounded up to the multiple, less what draft RFQs of the
    rule already bring. 0 when nothing is needed."""
    if forecast is None or _compare(forecast, min_qty, rounding) > 0:
        return 0.0
    qty = max(min_qty, max_qty) - forecast
    remainder = multiple > 0 and qty % multiple or 0.0
    if _compare(remainder, 0.0, rounding) > 0:
        qty += multiple - remainder
    if _compare(qty, 0.0, rounding) < 0:
        return 0.0
    qty -= in_progress
    qty = _round(qty, rounding)
    return qty if qty > 0 else 0.0


def _round(value, rounding):
    # Same as odoo.tools.float_round with HALF-UP: kept here to stay ORM-free.
    normalized = value / rounding
    epsilon_magnitude = math.log(abs(normalized), 2) if normalized else 0
    epsilon = 2 ** (epsilon_magnitude - 53)
    normalized += math.copysign(epsilon, normalized)
    return round(normalized) * rounding if normalized >= 0 else \
        -round(-normalized) * rounding


def _compare(value1, value2, rounding):
    delta = _round(value1, rounding) - _round(value2, rounding)
    if _round(delta, rounding) == 0:
        return 0
    return -1 if delta < 0 else 1


def days_of_cover(forecast, daily):
    """How many days the forecast lasts at ``daily`` demand (None: no demand)."""
    if daily <= 0:
        return None
    return forecast / daily


def overstock_reasons(forecast, max_qty, daily, last_sale_days, factor=1.5,
                      cover_limit=180, idle_limit=90):
    """Why a product counts as overstock (empty list: it does not).

    ``last_sale_days`` is the number of days since the last sale (None: never)."""
    reasons = []
    if forecast <= 0:
        return reasons
    if max_qty and forecast > max_qty * factor:
        reasons.append("forecast %s > max %s x %s" % (
            _fmt(round(forecast, 1)), _fmt(max_qty), _fmt(factor)))
    cover = days_of_cover(forecast, daily)
    if cover is not None and cover > cover_limit:
        reasons.append("%d days of cover > %d" % (cover, cover_limit))
    if last_sale_days is None or last_sale_days > idle_limit:
        reasons.append("no sale for %s days" % (
            "any" if last_sale_days is None else last_sale_days))
    return reasons


def overstock_action(reasons, other_warehouse_short=False, policy="demand"):
    """Suggested action for an overstocked product."""
    if not reasons:
        return False
    if other_warehouse_short:
        return "transfer"
    if policy and any(r.startswith("forecast") for r in reasons):
        return "pause"
    return "promote"
