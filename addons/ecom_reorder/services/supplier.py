"""Vendor scoring for the replenishment run, in plain Python (no ORM).

A vendor of a product is described by a :class:`Candidate`; :func:`choose`
ranks them by a weighted score of price for the quantity (price breaks),
lead-time reliability (receipts on time against promised dates) and quality
(share of received quantity not rejected), and says why the winner won.
"""
import collections

Candidate = collections.namedtuple(
    "Candidate", "key name breaks delay min_qty on_time_rate quality_rate")
Choice = collections.namedtuple("Choice", "key unit_price qty score reason")

DEFAULT_WEIGHTS = {"price": 0.5, "reliability": 0.3, "quality": 0.2}


def price_for_qty(breaks, qty):
    """Unit price for ``qty`` from ``breaks`` = [(min_qty, price), ...].

    The break with the largest min_qty not above qty applies. Below every
    break, the smallest break applies and the quantity is raised to it (the
    vendor will not sell less). Returns ``(unit_price, qty_to_order)``."""
    if not breaks:
        raise ValueError("a vendor without any price cannot be scored")
    ordered = sorted(breaks)
    best = None
    for min_qty, price in ordered:
        if min_qty <= qty + 1e-9:
            best = (price, qty)
    if best is None:
        min_qty, price = ordered[0]
        best = (price, max(qty, min_qty))
    return best


def on_time_rate(receipts, tolerance_days=0):
    """Share of receipts received by their promised date (+ tolerance).

    ``receipts`` = [(promised_date, received_date), ...]; None when unmeasured."""
    receipts = list(receipts)
    if not receipts:
        return None
    on_time = sum(1 for promised, received in receipts
                  if (received - promised).days <= tolerance_days)
    return on_time / len(receipts)


def quality_rate(received_qty, rejected_qty):
    """Share of received quantity that was not rejected; None when unmeasured."""
    if not received_qty:
        return None
    return max(0.0, 1.0 - (rejected_qty or 0.0) / received_qty)


def choose(candidates, qty, weights=None, neutral=0.8):
    """The best vendor for ``qty`` and the reason, or None without candidates.

    Price score = cheapest total / this total (1.0 for the cheapest); reliability
    and quality are rates in [0, 1], ``neutral`` when not measured yet, so a new
    vendor is neither favoured nor excluded. Ties go to the first candidate
    (Odoo's vendor sequence)."""
    weights = dict(DEFAULT_WEIGHTS, **(weights or {}))
    total_weight = sum(weights.values()) or 1.0
    priced = []
    for cand in candidates:
        unit, order_qty = price_for_qty(cand.breaks, qty)
        priced.append((cand, unit, order_qty, unit * order_qty))
    if not priced:
        return None
    cheapest = min(p[3] for p in priced)
    best = None
    for cand, unit, order_qty, total in priced:
        price_score = cheapest / total if total else 1.0
        rel = neutral if cand.on_time_rate is None else cand.on_time_rate
        qual = neutral if cand.quality_rate is None else cand.quality_rate
        score = (weights["price"] * price_score + weights["reliability"] * rel
                 + weights["quality"] * qual) / total_weight
        if best is None or score > best[0] + 1e-9:
            reason = "score %.2f: price %.2f/u (%.0f%% of best), on time %s, " \
                     "quality %s" % (score, unit, price_score * 100,
                                     _pct(cand.on_time_rate), _pct(cand.quality_rate))
            if len(priced) > 1:
                reason += "; %d vendors compared" % len(priced)
            best = (score, Choice(cand.key, unit, order_qty, score, reason))
    return best[1]


def _pct(rate):
    return "n/a" if rate is None else "%.0f%%" % (rate * 100)
