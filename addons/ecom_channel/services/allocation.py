"""Stock reservation of a batch of delivery moves (pure Python, no database).

The intake reserves the moves of a whole batch of paid orders at once. This is
the arithmetic of Odoo 11's ``stock.move._action_assign`` for make-to-stock
moves of untracked products, done for many moves in one pass:

- per product, what may be reserved is the net free quantity of all its quants
  in the source location tree (``sum(quantity) - sum(reserved_quantity)``,
  negative quants included, as ``stock.quant._get_available_quantity``);
- a move takes ``min(need, that free quantity)``, quant after quant in removal
  order, skipping quants without free quantity
  (``stock.quant._update_reserved_quantity``);
- what a move takes from quants with the same location, lot, package and owner
  becomes one move line (``stock.move._update_reserved_quantity``);
- moves are served in the order given (first order of the batch first).
"""
from odoo.tools.float_utils import float_compare, float_is_zero, float_round


class Quant(object):
    """One stock.quant row as the allocator sees it."""

    __slots__ = ("id", "location_id", "lot_id", "package_id", "owner_id",
                 "quantity", "reserved")

    def __init__(self, quant_id, location_id, quantity, reserved, lot_id=None,
                 package_id=None, owner_id=None):
        self.id = quant_id
        self.location_id = location_id
        self.lot_id = lot_id
        self.package_id = package_id
        self.owner_id = owner_id
        self.quantity = quantity
        self.reserved = reserved

    @property
    def key(self):
        return (self.location_id, self.lot_id, self.package_id, self.owner_id)


class Reservation(object):
    """Result: per move the move lines to create, per quant the added reservation.

    ``lines``: {move key: [((location, lot, package, owner), qty), ...]} in the
    order the quants were used; ``quant_reserved``: {quant id: qty added};
    ``taken``: {move key: qty reserved in total}.
    """

    def __init__(self):
        self.lines = {}
        self.quant_reserved = {}
        self.taken = {}

    def state(self, move_key, need, rounding):
        """'assigned', 'partially_available' or 'confirmed' (nothing reserved)."""
        taken = self.taken.get(move_key, 0.0)
        if float_is_zero(taken, precision_rounding=rounding):
            return "confirmed"
        if float_compare(taken, need, precision_rounding=rounding) >= 0:
            return "assigned"
        return "partially_available"


def reserve(moves, quants_by_product, rounding_by_product):
    """Reserve ``moves`` [(move key, product id, qty needed)] on the quants.

    ``quants_by_product``: {product id: [Quant, ...] in removal order}; the
    Quant objects are updated (``reserved``) as core updates the rows.
    ``rounding_by_product``: {product id: rounding of its unit of measure}.
    """
    result = Reservation()
    free = {}
    for product_id, quants in quants_by_product.items():
        free[product_id] = sum(q.quantity for q in quants) - sum(
            q.reserved for q in quants)
    for move_key, product_id, need in moves:
        rounding = rounding_by_product[product_id]
        available = free.get(product_id, 0.0)
        if float_compare(available, 0.0, precision_rounding=rounding) <= 0:
            continue
        wanted = min(need, available)
        if float_is_zero(wanted, precision_rounding=rounding):
            continue
        taken = _take(result, move_key, quants_by_product[product_id], wanted,
                      available, rounding)
        if not float_is_zero(taken, precision_rounding=rounding):
            free[product_id] = available - taken
            result.taken[move_key] = taken
    return result


def _take(result, move_key, quants, quantity, available, rounding):
    """Walk the quants for one move; the quantity taken."""
    by_key = {}
    order = []
    taken = 0.0
    for quant in quants:
        on_quant = quant.quantity - quant.reserved
        if float_compare(on_quant, 0.0, precision_rounding=rounding) <= 0:
            continue
        on_quant = min(on_quant, quantity)
        quant.reserved += on_quant
        result.quant_reserved[quant.id] = \
            result.quant_reserved.get(quant.id, 0.0) + on_quant
        if quant.key not in by_key:
            by_key[quant.key] = 0.0
            order.append(quant.key)
        by_key[quant.key] += on_quant
        taken += on_quant
        quantity -= on_quant
        available -= on_quant
        if float_is_zero(quantity, precision_rounding=rounding) or \
                float_is_zero(available, precision_rounding=rounding):
            break
    if order:
        result.lines[move_key] = [
            (key, float_round(by_key[key], precision_rounding=rounding))
            for key in order]
    return taken
