"""Set-based ``stock.move._action_done`` for simple moves out of stock.

Core validates moves one by one: per move line it unreserves and moves the
quant with a few searches and writes, and each quant that drops to zero is
unlinked, which empties the whole ORM cache (the next move reads again every
record prefetched with it). With the suite's read overrides installed that
costs more than half a second per move on a 500-move transfer.

:func:`action_done` does the same for moves it can prove simple, a few
statements for all of them, and raises :class:`bulk.BulkUnsupported` for
anything else (the caller then takes core's ``_action_done``):

- moves ``assigned``, of storable products without tracking, in the
  product's unit, without following moves (``move_dest_ids``), fully done:
  every move line done for exactly its reserved quantity, the lines' sum the
  move's demand (no split, no extra move, no backorder of the move);
- move lines without lot, package, result package or owner, from an
  internal or transit location that is not a scrap location (reservations
  are kept there), to any location but a view;
- one quant per (product, source location) without lot/package/owner,
  holding the reservation; at most one such quant per (product,
  destination); no location both a source and a destination of the same
  product in the batch; the quants not locked by another transaction.

What it reproduces, in core's order: ``product_price_update_before_done``
(stock_account), per move line the unreservation and the quantity moved
(``stock.quant._update_available_quantity``: the incoming date, empty quants
deleted, new quants at the destination), the move lines' reservation reset,
moves ``done`` with the date, the first transfer's ``_create_backorder``,
the valuation of every move (``_run_valuation`` and real-time entries,
stock_account), the delivered quantities of sale lines (sale_stock), the
cost rows of ecom_margin (``ecom.margin.line._ecom_after_moves_done``) and
the stock audit rows of ecom_pii_guard with the on-hand quantities before
and after each move, as core's per-move calls log them. Any other installed
module overriding these methods sends the caller to core
(:func:`bulk.fast_path`).
"""
from collections import defaultdict

from psycopg2 import OperationalError

from odoo import fields
from odoo.tools import float_compare, float_is_zero, float_round

from . import bulk

#: {model: {method: modules whose override action_done reproduces}}
KNOWN = {
    "stock.move": {
        "_action_done": ("stock", "stock_account", "sale_stock", "ecom_margin",
                         "ecom_rma"),
        "write": ("stock", "sale_stock"),
    },
    "stock.move.line": {
        "_action_done": ("stock", "ecom_pii_guard"),
        "write": ("stock", "stock_account"),
    },
    "stock.quant": {
        "_update_available_quantity": ("stock",),
        "_update_reserved_quantity": ("stock",),
        "_gather": ("stock",),
        "create": (), "write": (), "unlink": (),
    },
}

MOVES = """
    SELECT m.id, m.state, m.product_id, m.product_uom, pt.uom_id, pt.type,
           pt.tracking, m.product_uom_qty, u.rounding, m.picking_id,
           EXISTS (SELECT 1 FROM stock_move_move_rel r
                    WHERE r.move_orig_id = m.id) AS chained, src.usage
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN product_product pp ON pp.id = m.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_uom u ON u.id = pt.uom_id
     WHERE m.id = ANY(%s)
"""
LINES = """
    SELECT ml.id, ml.move_id, ml.product_id, ml.product_uom_id,
           ml.product_uom_qty, ml.product_qty, ml.qty_done, ml.location_id,
           ml.location_dest_id, ml.lot_id, ml.package_id, ml.result_package_id,
           ml.owner_id, ls.usage, ls.scrap_location, ld.usage,
           ls.company_id, ld.company_id
      FROM stock_move_line ml
      JOIN stock_location ls ON ls.id = ml.location_id
      JOIN stock_location ld ON ld.id = ml.location_dest_id
     WHERE ml.move_id = ANY(%s)
     ORDER BY ml.id
"""
QUANTS = """
    SELECT q.id, q.product_id, q.location_id, q.quantity, q.reserved_quantity,
           q.in_date
      FROM stock_quant q
      JOIN unnest(%s::int[], %s::int[]) AS k(product_id, location_id)
        ON q.product_id = k.product_id AND q.location_id = k.location_id
     WHERE q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL
     ORDER BY q.id
       FOR UPDATE OF q NOWAIT
"""


def supported(moves):
    """True when no unknown installed module overrides what
    :func:`action_done` reproduces."""
    env = moves.env
    return all(bulk.fast_path(env[model], [method], known)
               for model, methods in KNOWN.items()
               for method, known in methods.items())


def _valued(usage, company_id):
    """stock_account's ``stock.location._should_be_valued``."""
    return usage == "internal" or (usage == "transit" and bool(company_id))


def _unsupported(message, *args):
    raise bulk.BulkUnsupported(message % args)


def _check(moves, digits):
    """The moves and lines read in two queries, checked simple; returns
    ({move id: row}, {move id: [line rows]})."""
    cr = moves.env.cr
    cr.execute(MOVES, [moves.ids])
    move_rows = {row[0]: row for row in cr.fetchall()}
    cr.execute(LINES, [moves.ids])
    lines = defaultdict(list)
    for row in cr.fetchall():
        lines[row[1]].append(row)
    for move_id in moves.ids:
        (_id, state, _product, uom, product_uom, ptype, tracking, demand,
         rounding, _picking, chained, _usage) = move_rows[move_id]
        if state != "assigned" or ptype != "product" or tracking != "none" \
                or uom != product_uom or chained or not lines[move_id]:
            _unsupported("move %s is not a simple assigned move", move_id)
        total = 0.0
        companies = (set(), set())
        for (line_id, _m, _p, line_uom, reserved, product_qty, done, _src, _dst,
             lot, package, result_package, owner, src_usage, scrap, dst_usage,
             src_company, dst_company) in lines[move_id]:
            if line_uom != uom or lot or package or result_package or owner:
                _unsupported("move line %s: lot, package, owner or unit", line_id)
            if src_usage not in ("internal", "transit") or scrap \
                    or dst_usage == "view":
                _unsupported("move line %s: locations", line_id)
            if float_compare(done, 0, precision_rounding=rounding) <= 0 \
                    or float_compare(done, reserved, precision_rounding=rounding) \
                    or float_compare(product_qty, reserved, precision_digits=digits) \
                    or float_compare(float_round(done, precision_rounding=rounding),
                                     float_round(done, precision_digits=digits),
                                     precision_digits=digits):
                _unsupported("move line %s: done is not the reservation", line_id)
            total += done
            companies[0].add(src_company)
            companies[1].add(dst_company)
        if float_compare(total, demand, precision_digits=digits):
            _unsupported("move %s: done is not the demand", move_id)
        src, dst = companies[0] - {None}, companies[1] - {None}
        if len(src) > 1 or len(dst) > 1 or (src and dst and src != dst):
            _unsupported("move %s: companies", move_id)
    return move_rows, lines


def _lock_quants(env, keys):
    """{(product, location): [quant rows]} for ``keys``, locked (NOWAIT)."""
    found = defaultdict(list)
    if not keys:
        return found
    keys = sorted(keys)
    try:
        with env.cr.savepoint():
            env.cr.execute(QUANTS, ([k[0] for k in keys], [k[1] for k in keys]),
                           log_exceptions=False)
            rows = env.cr.fetchall()
    except OperationalError as error:
        if error.pgcode == "55P03":
            _unsupported("quants locked by another transaction")
        raise
    for row in rows:
        found[(row[1], row[2])].append(list(row))
    return found


def _plan(moves, lines, quants, roundings):
    """Core's quant arithmetic line by line: ({quant id: [qty, reserved,
    in_date]} changed, [new quant vals], deleted quant ids)."""
    now = fields.Datetime.now()
    changed, created, deleted = {}, {}, set()
    src_keys = {(row[2], row[7]) for rows in lines.values() for row in rows}
    dst_keys = {(row[2], row[8]) for rows in lines.values() for row in rows}
    if src_keys & dst_keys:
        _unsupported("a location is both a source and a destination")
    for key in src_keys:
        if len(quants.get(key, ())) != 1:
            _unsupported("not one quant for %s", key)
    for key in dst_keys:
        if len(quants.get(key, ())) > 1:
            _unsupported("several quants for %s", key)

    def current(key):
        quant = quants[key][0]
        if quant[0] in deleted:
            _unsupported("quant %s emptied before the last line", quant[0])
        return changed.setdefault(quant[0], [quant[3], quant[4], quant[5]])

    for move_id in moves.ids:
        for row in lines[move_id]:
            product, qty, reserved, src, dst = row[2], row[6], row[5], row[7], row[8]
            rounding = roundings[move_id]
            # unreserve, then take the quantity out (strict: the one quant)
            state = current((product, src))
            if float_compare(reserved, state[1], precision_rounding=rounding) > 0:
                _unsupported("quant of %s: reservation missing", (product, src))
            state[1] -= min(state[1], reserved)
            state[0] = state[0] + -qty
            state[2] = state[2] or now
            in_date = state[2]
            if float_is_zero(state[0], precision_rounding=rounding) and \
                    float_is_zero(state[1], precision_rounding=rounding):
                deleted.add(quants[(product, src)][0][0])
            # and into the destination's quant, or a new one
            if quants.get((product, dst)):
                state = current((product, dst))
                state[2] = min(state[2], in_date) if state[2] else in_date
                state[0] = state[0] + qty
                if float_is_zero(state[0], precision_rounding=rounding) and \
                        float_is_zero(state[1], precision_rounding=rounding):
                    deleted.add(quants[(product, dst)][0][0])
            elif (product, dst) in created:
                vals = created[(product, dst)]
                vals["quantity"] += qty
                vals["in_date"] = min(vals["in_date"], in_date)
            else:
                created[(product, dst)] = {
                    "product_id": product, "location_id": dst, "quantity": qty,
                    "lot_id": False, "package_id": False, "owner_id": False,
                    "in_date": in_date}
    for vals in created.values():
        if float_is_zero(vals["quantity"], precision_digits=6):
            _unsupported("a new quant would be empty")
    return changed, list(created.values()), deleted


def _audit(move_lines, by_move, lines, before):
    """ecom_pii_guard's audit rows as core's per-move calls write them: the
    on-hand quantities before and after each move (``by_move``: [(move id,
    its move lines in core's order)]; snapshot and ``before`` read before
    the quants changed). Moves that share no (product, location) are logged
    in one call (same rows), else move by move."""
    audited, snapshot = move_lines._ecom_audit_snapshot()
    by_line = {row[0]: row for row in snapshot}
    on_hand = dict(before)
    groups = []
    for move_id, group_lines in by_move:
        group = [by_line[ml_id] for ml_id in group_lines.ids if ml_id in by_line]
        keys = {k for s in group for k in ((s[4], s[5]), (s[4], s[6]))}
        group_before = {k: on_hand.get(k, 0.0) for k in keys}
        for row in lines[move_id]:
            for key, delta in (((row[2], row[7]), -row[6]),
                               ((row[2], row[8]), row[6])):
                on_hand[key] = on_hand.get(key, 0.0) + delta
        group_after = {k: on_hand.get(k, 0.0) for k in keys}
        groups.append((group, group_before, group_after))
    all_keys = [k for _g, group_before, _a in groups for k in group_before]
    if len(all_keys) == len(set(all_keys)):
        merged_before, merged_after = {}, {}
        for _g, group_before, group_after in groups:
            merged_before.update(group_before)
            merged_after.update(group_after)
        groups = [([row for group, _b, _a in groups for row in group],
                   merged_before, merged_after)]
    for group, group_before, group_after in groups:
        group_lines = audited.browse([row[0] for row in group])
        move_lines._ecom_audit_log(group_lines, group, group_before, group_after)


def action_done(moves):
    """``moves._action_done()`` for simple moves (see the module's doc), a
    few statements for all; :class:`bulk.BulkUnsupported` when a move or an
    installed module needs core's path (nothing written then: run it in a
    savepoint). Returns the moves done."""
    if not moves:
        return moves
    if not supported(moves):
        _unsupported("an unknown module overrides stock validation")
    env = moves.env
    digits = env["decimal.precision"].precision_get("Product Unit of Measure")
    move_rows, lines = _check(moves, digits)
    keys = set()
    for rows in lines.values():
        for row in rows:
            keys |= {(row[2], row[7]), (row[2], row[8])}
    quants = _lock_quants(env, keys)
    roundings = {move_id: row[8] for move_id, row in move_rows.items()}
    changed, created, deleted = _plan(moves, lines, quants, roundings)

    valuation = hasattr(moves, "_run_valuation")  # stock_account installed
    if valuation:
        # it only reprices moves from vendors or production (average cost)
        moves.browse([move_id for move_id in moves.ids if move_rows[move_id][11] in (
            "supplier", "production")]).product_price_update_before_done()
    move_lines = env["stock.move.line"].browse(
        [row[0] for move_id in moves.ids for row in lines[move_id]])
    audit = hasattr(move_lines, "_ecom_audit_snapshot")
    if audit:
        before = move_lines._ecom_audit_quantities(keys)
        by_move = [(move.id, move.move_line_ids) for move in moves]

    quant_model = env["stock.quant"].sudo()
    kept = [qid for qid in changed if qid not in deleted]
    bulk.update(quant_model.browse(kept), [
        {"quantity": changed[qid][0], "reserved_quantity": changed[qid][1],
         "in_date": changed[qid][2]} for qid in kept])
    if created:
        bulk.create(quant_model, created)
    now = fields.Datetime.now()
    move_lines = move_lines.with_context(bypass_reservation_update=True)
    bulk.update(move_lines, [{"product_uom_qty": 0.0, "date": now}] * len(move_lines))
    bulk.update(moves, [{"state": "done", "date": now}] * len(moves))
    bulk.recompute(env, [move_lines, moves])
    if audit:
        _audit(move_lines, by_move, lines, before)

    picking = moves[0].picking_id
    if picking and not all(move.scrapped for move in moves):
        picking._create_backorder()
    # stock_account (its consistency checks are made by _check): moves
    # between valued locations only (internal, transit with a company) are
    # neither in, out nor dropshipped: their valuation does nothing
    valued = moves.browse([move_id for move_id in moves.ids if valuation and not all(
        _valued(row[13], row[16]) and _valued(row[15], row[17])
        for row in lines[move_id])])
    for move in valued:
        move._run_valuation()
    for move in valued.filtered(lambda m: m.product_id.valuation == "real_time" and (
            m._is_in() or m._is_out() or m._is_dropshipped()
            or m._is_dropshipped_returned())):
        move._account_entry_move()
    if "sale_line_id" in moves._fields:
        for line in moves.mapped("sale_line_id").sudo():
            line.qty_delivered = line._get_delivered_qty()
    if "ecom.margin.line" in env:
        env["ecom.margin.line"]._ecom_after_moves_done(moves.ids)
    if deleted:
        # last: unlink empties the whole ORM cache (nothing above reads the
        # empty quants: their quantity is already 0 in the database)
        quant_model.browse(sorted(deleted)).unlink()
    return moves
