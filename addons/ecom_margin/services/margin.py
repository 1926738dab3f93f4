"""Contribution margin of order lines: fees, allocations, the margin itself.

Plain Python, no ORM. The model gathers, for a batch of order lines, the
line figures (revenue in company currency, quantity, product category chain,
order date), the channel's fee rules, its packaging costs, the order's
shipping cost and the warehouse cost; :func:`compute_orders` returns the
margin figures of every line.

Contribution margin per line =
  revenue (price after discounts, untaxed, company currency)
  - cost (warehouse cost of the units shipped; estimated at confirmation)
  - fee (channel fee rules: percent of the line, fixed per order allocated)
  - shipping (the order's delivery cost, allocated)
  - packaging (per unit, plus per order allocated)
  - return cost (expected: return rate x units x handling cost per unit)
Amounts per order are allocated to its lines in proportion to revenue (to
quantity when the order has no revenue); the rounded shares add up exactly to
the amount (the remainder goes to the largest line).
"""
from collections import namedtuple

PERCENT, FIXED_ORDER, FIXED_UNIT = "percent", "fixed_order", "fixed_unit"
RULE_KINDS = (PERCENT, FIXED_ORDER, FIXED_UNIT)

FeeRule = namedtuple("FeeRule", "kind value categ_id date_from date_to")
FeeRule.__doc__ = """A channel fee rule. ``categ_id``: only lines whose product
category is this one or below it (None: every line). ``date_from``/``date_to``:
'YYYY-MM-DD' strings or None, inclusive, compared with the order date."""

Line = namedtuple("Line", "key order_key revenue qty categ_path date unit_cost "
                          "return_rate")
Line.__doc__ = """One order line: ``categ_path`` the product category and its
ancestors (ids), ``date`` 'YYYY-MM-DD' (order date), ``unit_cost`` the
warehouse cost per unit, ``return_rate`` the expected share of units returned
(0..1)."""

Order = namedtuple("Order", "key shipping packaging_order packaging_unit "
                            "return_handling")

Result = namedtuple("Result", "key revenue cost fee shipping packaging "
                              "return_cost margin margin_percent")


def _round(value, digits=2):
    return round(value + 0.0, digits)


def rule_applies(rule, line):
    if rule.categ_id and rule.categ_id not in line.categ_path:
        return False
    if rule.date_from and line.date < rule.date_from:
        return False
    if rule.date_to and line.date > rule.date_to:
        return False
    return True


def allocate(amount, weights, digits=2):
    """``amount`` split over ``weights``, rounded, summing exactly to the
    rounded amount; equal shares when every weight is zero."""
    if not weights:
        return []
    total = float(sum(weights))
    if total <= 0:
        weights, total = [1.0] * len(weights), float(len(weights))
    amount = _round(amount, digits)
    if not amount:
        # every share rounds to 0.0 (the common case: no packaging per order)
        return [0.0] * len(weights)
    shares = [_round(amount * w / total, digits) for w in weights]
    rest = _round(amount - sum(shares), digits)
    if rest:
        biggest = max(range(len(weights)), key=lambda i: weights[i])
        shares[biggest] = _round(shares[biggest] + rest, digits)
    return shares


def line_fees(lines, rules):
    """Fee per line (list, same order) of the lines of ONE order."""
    fees = [0.0] * len(lines)
    for rule in rules:
        matching = [i for i, line in enumerate(lines) if rule_applies(rule, line)]
        if not matching:
            continue
        if rule.kind == PERCENT:
            for i in matching:
                fees[i] += lines[i].revenue * rule.value / 100.0
        elif rule.kind == FIXED_UNIT:
            for i in matching:
                fees[i] += lines[i].qty * rule.value
        elif rule.kind == FIXED_ORDER:
            weights = [lines[i].revenue or 0.0 for i in matching]
            if not any(weights):
                weights = [lines[i].qty for i in matching]
            for i, share in zip(matching, allocate(rule.value, weights)):
                fees[i] += share
        else:
            raise ValueError("unknown fee rule kind %r" % (rule.kind,))
    return [_round(fee) for fee in fees]


def compute_order(order, lines, rules):
    """Results for the lines of one order (list, same order as ``lines``)."""
    if not lines:
        return []
    weights = [line.revenue for line in lines]
    if not any(weights):
        weights = [line.qty for line in lines]
    fees = line_fees(lines, rules)
    shipping = allocate(order.shipping or 0.0, weights)
    packaging_order = allocate(order.packaging_order or 0.0, weights)
    results = []
    for line, fee, ship, pack in zip(lines, fees, shipping, packaging_order):
        revenue = _round(line.revenue)
        cost = _round(line.qty * (line.unit_cost or 0.0))
        packaging = _round(pack + line.qty * (order.packaging_unit or 0.0))
        return_cost = _round(line.qty * (line.return_rate or 0.0)
                             * (order.return_handling or 0.0))
        margin = _round(revenue - cost - fee - ship - packaging - return_cost)
        percent = _round(100.0 * margin / revenue) if revenue else 0.0
        results.append(Result(line.key, revenue, cost, fee, ship, packaging,
                              return_cost, margin, percent))
    return results


def compute_orders(orders, lines, rules_by_order):
    """Results of many orders: ``orders`` {order key: Order}, ``lines`` list of
    Line (any order), ``rules_by_order`` {order key: [FeeRule]}."""
    grouped = {}
    for line in lines:
        grouped.setdefault(line.order_key, []).append(line)
    results = []
    for key, order_lines in grouped.items():
        results.extend(compute_order(orders[key], order_lines,
                                     rules_by_order.get(key, ())))
    return results


def break_even_price(unit_cost, percent_fee, fixed_unit=0.0, packaging_unit=0.0):
    """Lowest unit price covering cost, per-unit fees and packaging:
    price - price x percent/100 - fixed - packaging - cost >= 0."""
    if percent_fee >= 100:
        return float("inf")
    return _round((unit_cost + fixed_unit + packaging_unit)
                  / (1.0 - percent_fee / 100.0), 4)
