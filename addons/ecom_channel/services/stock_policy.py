"""The stock a channel may advertise (pure function, unit-tested without DB).

available = max(0, floor((on hand - reserved - buffer) x share%)), capped by
the channel's cap when one is set (cap <= 0 means no cap).
"""
import math


def available_qty(on_hand, reserved, buffer_qty=0.0, share_percent=100.0, cap=0.0):
    free = (on_hand or 0.0) - (reserved or 0.0) - (buffer_qty or 0.0)
    # round(..., 6) keeps 2.9999999 (float noise of quants) from losing a unit
    qty = int(math.floor(round(free * (share_percent or 0.0) / 100.0, 6)))
    qty = max(0, qty)
    if cap and cap > 0:
        qty = min(qty, int(math.floor(cap)))
    return qty
