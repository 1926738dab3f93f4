"""Removal order of quants and grouping of moves into pickings, for the
set-based confirmation of the intake (``stock.move._ecom_bulk_*``).

Plain Python, no ORM: what core's ``stock.quant._get_removal_strategy_order``
does in SQL, as sort keys over the quant rows the model reads in one query,
and the key ``_assign_picking`` groups new moves by.
"""
from collections import OrderedDict

#: Columns of the quant rows (the model's query selects them in this order).
QUANT_ID, PRODUCT, LOCATION, LOT, PACKAGE, OWNER, QUANTITY, IN_DATE, RESERVED, \
    SOURCE = range(10)


def _desc(text):
    return tuple(-ord(char) for char in (text or ""))


REMOVAL_ORDER = {
    # stock.quant._get_removal_strategy_order, as sort keys
    "fifo": lambda q: (q[IN_DATE] is not None, q[IN_DATE] or "", q[QUANT_ID]),
    "lifo": lambda q: (q[IN_DATE] is None, _desc(q[IN_DATE]), -q[QUANT_ID]),
}


def supported(strategy):
    """Whether the set-based path knows the removal ``strategy``."""
    return strategy in REMOVAL_ORDER


def quant_rows_by_key(rows, strategies):
    """{(source location, product): quant rows in removal order}.

    ``rows`` are the quant rows of the batch's products under its source
    locations (column ``SOURCE`` = the source location they are under);
    ``strategies`` the removal strategy of each (source, product) wanted.
    """
    by_key = {}
    for row in rows:
        key = (row[SOURCE], row[PRODUCT])
        if key in strategies:
            by_key.setdefault(key, []).append(row)
    for key, found in by_key.items():
        found.sort(key=REMOVAL_ORDER[strategies[key]])
    return by_key


def group_moves(moves, key_of):
    """[[move, ...]] per picking key, in the order the keys first appear."""
    groups = OrderedDict()
    for move in moves:
        groups.setdefault(key_of(move), []).append(move)
    return list(groups.values())


def quant_id_of(quants, quant_key):
    """The id of the quant whose ``key`` is ``quant_key`` (allocation.Quant)."""
    for quant in quants:
        if quant.key == quant_key:
            return quant.id
    raise KeyError(quant_key)
