"""Odoo 11's float rounding, in plain Python (no ORM).

The replenishment run stores RFQ line values as the ORM would: quantities
and prices rounded to the digits of their fields, amounts to the currency's
rounding, product quantities to the unit's rounding. Odoo rounds with
``odoo.tools.float_round`` (HALF-UP, away from zero, with an epsilon scaled
to the value against IEEE-754 representation errors, and Python 2's
``round``); this module is the same computation so that the engines that
prepare those values need no Odoo import. tests/test_rounding.py checks it
against Odoo's own function on a table and on random values.
"""
import builtins
import math


def _round_py2(value):
    """Python 2's round(): half away from zero, sign of -0.0 kept, a float.

    (Python 3 rounds half to even; Odoo 11 uses this shim under Python 3.)"""
    rounded = builtins.round(value)
    if builtins.round(value + 1) - rounded != 1:
        return value + math.copysign(0.5, value)
    return math.copysign(rounded, value)


def float_round(value, precision_digits=None, precision_rounding=None):
    """``value`` rounded HALF-UP to ``precision_digits`` decimals or to a
    multiple of ``precision_rounding`` (exactly one of them), like
    ``odoo.tools.float_round``."""
    if (precision_digits is None and precision_rounding is None) or \
            (precision_digits and precision_rounding):
        raise ValueError("give exactly one of precision_digits and "
                         "precision_rounding")
    if precision_digits is not None:
        factor = 10 ** -precision_digits
    else:
        factor = precision_rounding
    if factor == 0 or value == 0:
        return 0.0
    normalized = value / factor
    epsilon = 2 ** (math.log(abs(normalized), 2) - 53)
    normalized += math.copysign(epsilon, normalized)
    return _round_py2(normalized) * factor


def round_digits(value, digits):
    """``value`` as a Float field with ``digits`` = (precision, scale) keeps
    it (``Float.convert_to_cache``); unchanged without digits."""
    value = float(value or 0.0)
    if not digits:
        return value
    return float_round(value, precision_digits=digits[1])


def round_money(amount, currency_rounding):
    """``amount`` rounded as ``res.currency.round`` of a currency whose
    ``rounding`` is ``currency_rounding`` (e.g. 0.01)."""
    return float_round(amount, precision_rounding=currency_rounding)


def round_qty(qty, unit_rounding):
    """``qty`` rounded to the unit of measure's ``rounding``."""
    return float_round(qty, precision_rounding=unit_rounding)
