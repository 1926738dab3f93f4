"""Moving-average cost per (warehouse, product), from a stream of movements.

Plain Python, no ORM. The model reads done stock moves and validated landed
costs in batches of products (SQL), turns each into an :class:`Event` and
calls :func:`replay`, which answers one history row per warehouse touched.

Rules (README "Cost per warehouse and SKU"):

- stock entering a warehouse from outside (supplier, inventory, production)
  comes in at its own unit cost (``price_unit`` of the move, company
  currency); without one, at the warehouse's current average;
- stock leaving a warehouse leaves at the warehouse's current average, which
  does not change;
- a transfer between two warehouses leaves the source at its average and
  enters the destination at that same unit cost (a direct move, or a move to
  transit followed by a move from transit whose origin is the first one);
- a customer return (``origin`` = the delivery move) is restocked at the unit
  cost the delivery left with;
- a landed cost adds its amount to the value of the destination warehouse's
  stock: average += amount / quantity on hand. With nothing on hand the
  amount cannot be spread and is reported as ``unabsorbed`` on the row;
- with a negative or zero quantity on hand, the next receipt sets the
  average to its own cost.
"""
from collections import namedtuple

#: kinds of history rows
IN, OUT, TRANSFER_IN, TRANSFER_OUT, RETURN, LANDED = (
    "in", "out", "transfer_in", "transfer_out", "return", "landed")
KINDS = (IN, OUT, TRANSFER_IN, TRANSFER_OUT, RETURN, LANDED)

PRECISION = 6


class Event(namedtuple("Event", "key date product_id move_id src_wh dst_wh qty "
                                "price_unit origin_move_id is_return amount "
                                "landed_cost_id")):
    """One movement. ``key`` orders events of the same date (the move id).

    - move: ``src_wh``/``dst_wh`` warehouse ids or None, ``qty`` > 0 in the
      product's unit, ``price_unit`` company currency (receipts),
      ``origin_move_id``: the move whose unit cost an incoming move takes
      (the delivery a return reverses, the transit leg of a transfer);
    - landed cost: ``dst_wh``, ``amount``, ``landed_cost_id``; ``qty`` 0.
    """

    __slots__ = ()


def move_event(key, date, product_id, move_id, src_wh, dst_wh, qty,
               price_unit=0.0, origin_move_id=None, is_return=False):
    return Event(key, date, product_id, move_id, src_wh, dst_wh, qty,
                 price_unit or 0.0, origin_move_id, is_return, 0.0, None)


def landed_event(key, date, product_id, move_id, dst_wh, amount, landed_cost_id):
    return Event(key, date, product_id, move_id, None, dst_wh, 0.0, 0.0, None,
                 False, amount, landed_cost_id)


Row = namedtuple("Row", "warehouse_id product_id date move_id landed_cost_id kind "
                        "qty unit_cost qty_after avg_after unabsorbed")


class State(object):
    """Quantity on hand and average cost of one (warehouse, product)."""

    __slots__ = ("qty", "avg")

    def __init__(self, qty=0.0, avg=0.0):
        self.qty = qty
        self.avg = avg

    def receive(self, qty, unit_cost):
        if self.qty <= 0:
            self.avg = unit_cost
        else:
            self.avg = (self.qty * self.avg + qty * unit_cost) / (self.qty + qty)
        self.qty += qty

    def issue(self, qty):
        self.qty -= qty
        return self.avg

    def add_value(self, amount):
        """Spread ``amount`` over the units on hand; the part not absorbed."""
        if self.qty <= 0:
            return amount
        self.avg += amount / self.qty
        return 0.0


def sort_key(event):
    """Date first; within one second (dates have no finer grain), moves in
    the order they were created and a landed cost right after the move it
    lands on, before later moves."""
    return (event.date, event.move_id or 0,
            0 if event.landed_cost_id is None else 1, event.key)


def replay(events, states=None, move_costs=None, fallback_costs=None):
    """History rows for ``events`` (any order; sorted here by date, then key).

    ``states``: {(warehouse_id, product_id): State} to continue from (an
    incremental update), updated in place. ``move_costs``: {move_id: unit
    cost it left with} of earlier moves, updated in place (returns and
    transit legs look up their origin there). ``fallback_costs``:
    {product_id: cost} for receipts without a price into a warehouse without
    an average (the product's standard price).
    """
    states = {} if states is None else states
    move_costs = {} if move_costs is None else move_costs
    fallback_costs = fallback_costs or {}
    rows = []
    for event in sorted(events, key=sort_key):
        product = event.product_id
        if event.landed_cost_id is not None:
            state = states.setdefault((event.dst_wh, product), State())
            unabsorbed = state.add_value(event.amount)
            rows.append(Row(event.dst_wh, product, event.date, event.move_id,
                            event.landed_cost_id, LANDED, 0.0,
                            _r(event.amount), _r(state.qty), _r(state.avg),
                            _r(unabsorbed)))
            continue
        out_cost = None
        if event.src_wh is not None:
            state = states.setdefault((event.src_wh, product), State())
            out_cost = state.issue(event.qty)
            move_costs[event.move_id] = out_cost
            kind = TRANSFER_OUT if event.dst_wh is not None else OUT
            rows.append(Row(event.src_wh, product, event.date, event.move_id, None,
                            kind, -event.qty, _r(out_cost), _r(state.qty),
                            _r(state.avg), 0.0))
        if event.dst_wh is not None:
            state = states.setdefault((event.dst_wh, product), State())
            origin_cost = move_costs.get(event.origin_move_id) \
                if event.origin_move_id else None
            if out_cost is not None:
                unit_cost, kind = out_cost, TRANSFER_IN
            elif origin_cost is not None:
                unit_cost = origin_cost
                kind = RETURN if event.is_return else TRANSFER_IN
            elif event.price_unit:
                unit_cost, kind = abs(event.price_unit), IN
            else:
                unit_cost = state.avg if state.qty > 0 or state.avg else \
                    fallback_costs.get(product, 0.0)
                kind = RETURN if event.is_return else IN
            state.receive(event.qty, unit_cost)
            move_costs.setdefault(event.move_id, unit_cost)
            rows.append(Row(event.dst_wh, product, event.date, event.move_id, None,
                            kind, event.qty, _r(unit_cost), _r(state.qty),
                            _r(state.avg), 0.0))
    return rows


def _r(value):
    return round(value, PRECISION)
