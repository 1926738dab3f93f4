"""Stock audit rows of done move lines: what was moved, and the on-hand
quantities before and after, at both ends.

Plain Python, no ORM (``models/stock_move_line.py`` reads the move lines and
the quantities, one query before and one after ``_action_done``).
"""


def operation_of(inventory=None, scrapped=False, origin=None, name=None,
                 picking=None, reference=None):
    """(operation, reference) of a move line: an inventory adjustment, a
    scrap, a transfer (picking) or another move."""
    if inventory:
        return "inventory", inventory
    if scrapped:
        return "scrap", origin or name
    if picking:
        return "picking", picking
    return "move", reference or name


def quantity_keys(snapshot):
    """(product, location) pairs whose on-hand quantity the log reports."""
    keys = set()
    for _line, _operation, _reference, _picking, product, src, dest in snapshot:
        keys.add((product, src))
        keys.add((product, dest))
    return keys


def audit_rows(snapshot, done, before, after, uid):
    """Values of one audit row per move line done.

    ``snapshot``: [(line id, operation, reference, picking id, product id,
    source location, destination location)] read before ``_action_done``;
    ``done``: {line id: quantity done} after it (lines without a done
    quantity are not logged); ``before`` / ``after``: {(product, location):
    on hand}.
    """
    rows = []
    for line_id, operation, reference, picking, product, src, dest in snapshot:
        if not done.get(line_id):
            continue
        rows.append({
            "operation": operation, "reference": reference,
            "picking_id": picking or False, "product_id": product,
            "location_id": src, "location_dest_id": dest,
            "quantity": done[line_id],
            "src_qty_before": before.get((product, src), 0.0),
            "src_qty_after": after.get((product, src), 0.0),
            "dest_qty_before": before.get((product, dest), 0.0),
            "dest_qty_after": after.get((product, dest), 0.0),
            "user_id": uid,
        })
    return rows
