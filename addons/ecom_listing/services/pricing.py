"""How the price of a platform line is split over its components.

A platform line sells ``qty`` listings at ``price_unit``; its amount is
``price_unit x qty``, rounded to the price precision (``digits``). Each
component gets a share of that amount in proportion to its weight
``component qty x list price`` (all list prices 0: in proportion to the
quantities). Every component but the last is priced per unit, rounded DOWN
to the precision; the LAST component takes the remainder, so the component
lines add up exactly to the platform line. When the last component's
quantity does not divide its remainder in whole cents, it becomes two lines
one cent apart (e.g. a 6-pack at 59.90: 4 units at 9.98 and 2 at 9.99), the
only way to keep the sum exact with prices of ``digits`` decimals.
"""
import math


def split_line(price_unit, qty, components, digits=2):
    """[(key, qty, unit price)] component lines of one platform line.

    ``components``: [(key, qty per listing, list price)] in listing order.
    """
    if not components:
        return []
    scale = 10 ** digits
    total = int(round(price_unit * qty * scale))
    weights = [cqty * max(price or 0.0, 0.0) for _key, cqty, price in components]
    if sum(weights) <= 0:
        weights = [cqty for _key, cqty, _price in components]
    weight_sum = float(sum(weights))
    result, remaining = [], total
    for key, cqty, _price in components[:-1]:
        units = qty * cqty
        share = total * weights[len(result)] / weight_sum
        cents = int(math.floor(round(share / units, 6))) if units else 0
        result.append((key, units, cents / scale))
        remaining -= cents * units
    key, cqty, _price = components[-1]
    units = qty * cqty
    result.extend(_remainder_lines(key, units, remaining, scale))
    return result


def _remainder_lines(key, units, cents, scale):
    """The last component: ``cents`` over ``units``, exact when units are whole."""
    if units <= 0:
        return [(key, units, 0.0)]
    whole = float(units).is_integer()
    if not whole:
        return [(key, units, round(cents / units) / scale)]
    units = int(units)
    low = int(cents // units)
    extra = int(round(cents - low * units))     # units that take one cent more
    if not extra:
        return [(key, float(units), low / scale)]
    return [(key, float(units - extra), low / scale),
            (key, float(extra), (low + 1) / scale)]
