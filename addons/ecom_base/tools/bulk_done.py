"""Set-based ``stock.move._action_assign`` and ``_action_done`` for simple
moves out of stock (and, for ``_action_done``, simple receipts into it).

Core validates moves one by one: per move line it unreserves and moves the
quant with a few searches and writes, and each quant that drops to zero is
unlinked, which empties the whole ORM cache (the next move reads again every
record prefetched with it). With the suite's read overrides installed that
costs more than half a second per move on a 500-move transfer.

:func:`action_assign` reserves moves that take all of their quantity from
one plain quant each (see its doc). :func:`action_done` does the same as
core's validation for moves it can prove simple, a few statements for all of
them, and raises :class:`bulk.BulkUnsupported` for anything else (the
caller then takes core's ``_action_done``):

- moves ``assigned``, of storable products without tracking, in the
  product's unit, without following moves (``move_dest_ids``), fully done:
  every move line done for exactly its reserved quantity, the lines' sum the
  move's demand (no split, no extra move, no backorder of the move);
- move lines without lot, package, result package or owner, from an
  internal or transit location that is not a scrap location (reservations
  are kept there), to any location but a view; or from a vendor or
  customer location (receipts, customer returns: no reservation there) to
  an internal location;
- one quant per (product, source location) without lot/package/owner,
  holding the reservation (at most one at a vendor or customer location,
  none: created negative, as core does); at most one such quant per
  (product, destination); no location both a source and a destination of
  the same product in the batch; the quants not locked by another
  transaction.

What it reproduces, in core's order: ``product_price_update_before_done``
(stock_account), per move line the unreservation and the quantity moved
(``stock.quant._update_available_quantity``: the incoming date, empty quants
deleted, new quants at the destination), the move lines' reservation reset,
moves ``done`` with the date, the first transfer's ``_create_backorder``,
the valuation of every move (``_run_valuation``, stock_account: moves out of
the company of products at standard or average cost set-based, the FIFO
candidates consumed in core's order; the others and the real-time entries by
core, move by move), the delivered quantities of sale lines (sale_stock), the
cost rows of ecom_margin (``ecom.margin.line._ecom_after_moves_done``) and
the stock audit rows of ecom_pii_guard with the on-hand quantities before
and after each move, as core's per-move calls log them. Any other installed
module overriding these methods sends the caller to core
(:func:`bulk.fast_path`).
"""
from collections import defaultdict

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, fields
from odoo.tools import float_compare, float_is_zero, float_round

from . import bulk

#: {model: {method: modules whose override action_assign reproduces}}; the
#: add-ons' hooks around ``_action_assign`` (bin putaway of receipts, 3PL
#: queue) are the caller's to run
KNOWN_ASSIGN = {
    "stock.move": {
        "_action_assign": ("stock", "mrp", "ecom_bin_location", "ecom_3pl"),
        "_update_reserved_quantity": ("stock",),
        "_prepare_move_line_vals": ("stock",),
        "write": ("stock", "sale_stock"),
    },
    "stock.move.line": {"create": ("stock", "stock_account")},
    "stock.quant": {
        "_update_reserved_quantity": ("stock",),
        "_get_available_quantity": ("stock",),
        "_gather": ("stock",),
        "write": (),
    },
    "stock.location": {"get_putaway_strategy": ("stock",)},
}

#: {model: {method: modules whose override action_done reproduces}}
KNOWN = {
    "stock.move": {
        "_action_done": ("stock", "stock_account", "sale_stock", "ecom_margin",
                         "ecom_rma"),
        "write": ("stock", "sale_stock"),
        "_run_valuation": ("stock_account",),
        "_run_fifo": ("stock_account",),
    },
    "stock.move.line": {
        "_action_done": ("stock", "ecom_pii_guard"),
        "write": ("stock", "stock_account"),
    },
    "product.product": {
        "_get_fifo_candidates_in_move": ("stock_account",),
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
                    WHERE r.move_orig_id = m.id) AS chained, src.usage,
           COALESCE(m.scrapped, false), u.factor
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


def supported(moves, known=None):
    """True when no unknown installed module overrides what
    :func:`action_done` (or the function ``known`` is for) reproduces."""
    env = moves.env
    return all(bulk.fast_path(env[model], [method], modules)
               for model, methods in (known or KNOWN).items()
               for method, modules in methods.items())


ASSIGN_MOVES = """
    SELECT m.id, m.state, m.product_id, m.product_uom, pt.uom_id, pt.type,
           pt.tracking, m.product_uom_qty, u.rounding, u.factor, m.procure_method,
           m.location_id, m.location_dest_id, m.picking_id,
           CASE WHEN src.scrap_location THEN 'scrap' ELSE src.usage END,
           EXISTS (SELECT 1 FROM stock_move_move_rel r
                    WHERE r.move_dest_id = m.id) AS chained,
           EXISTS (SELECT 1 FROM stock_move_line ml
                    WHERE ml.move_id = m.id) AS has_lines,
           EXISTS (SELECT 1 FROM stock_location d
                     JOIN stock_location a ON a.parent_left <= d.parent_left
                                          AND a.parent_right > d.parent_left
                    WHERE d.id = m.location_dest_id
                      AND a.putaway_strategy_id IS NOT NULL) AS putaway
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN product_product pp ON pp.id = m.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_uom u ON u.id = pt.uom_id
     WHERE m.id = ANY(%s)
"""
#: every quant of the products under the moves' sources (core's _gather:
#: child_of, any lot, package or owner)
ASSIGN_QUANTS = """
    SELECT q.id, q.product_id, src.id, q.location_id, q.quantity,
           q.reserved_quantity, q.lot_id, q.package_id, q.owner_id
      FROM stock_quant q
      JOIN stock_location l ON l.id = q.location_id
      JOIN stock_location src ON l.parent_left >= src.parent_left
                             AND l.parent_left < src.parent_right
     WHERE q.product_id = ANY(%s) AND src.id = ANY(%s)
     ORDER BY q.id
       FOR UPDATE OF q NOWAIT
"""


def _up(qty, factor, rounding, method):
    """``uom._compute_quantity(qty, same uom, rounding_method=method)``."""
    return float_round(qty / factor * factor, precision_rounding=rounding,
                       rounding_method=method)


def action_assign(moves):
    """``moves._action_assign()`` of stock (the reservation: quants reserved,
    move lines created, moves ``assigned``) for simple moves, a few
    statements for all; :class:`bulk.BulkUnsupported` otherwise (nothing
    written then: run it in a savepoint). Returns the move lines created.

    Simple: moves ``confirmed``, make to stock, not chained
    (``move_orig_ids``), without move lines yet, of storable products
    without tracking in the product's unit, from an internal location that
    holds exactly one quant of the product (itself or below it) without lot,
    package or owner, with enough unreserved quantity for the whole move
    (several moves may share the quant); no putaway strategy on the
    destination or above it. The add-ons' hooks after ``_action_assign``
    (bin putaway of receipts, 3PL queue) are not run: the caller runs what
    it needs.
    """
    if not moves:
        return moves.env["stock.move.line"]
    if not supported(moves, KNOWN_ASSIGN):
        _unsupported("an unknown module overrides stock reservation")
    env = moves.env
    if env.uid != SUPERUSER_ID:
        # core's _gather applies the quants' record rules for the user; the
        # query below reads them as the superuser does
        _unsupported("reservation as a user (quant record rules)")
    cr = env.cr
    digits = env["decimal.precision"].precision_get("Product Unit of Measure")
    cr.execute(ASSIGN_MOVES, [moves.ids])
    rows = {row[0]: row for row in cr.fetchall()}
    for move_id in moves.ids:
        (_id, state, _product, uom, product_uom, ptype, tracking, _qty, _rounding,
         _factor, procure, _src, _dst, _picking, usage, chained, has_lines,
         putaway) = rows[move_id]
        if state != "confirmed" or procure != "make_to_stock" or chained \
                or has_lines or ptype != "product" or tracking != "none" \
                or uom != product_uom or usage != "internal" or putaway:
            _unsupported("move %s is not a simple confirmed move", move_id)
    keys = {(rows[move_id][2], rows[move_id][11]) for move_id in moves.ids}
    try:
        with cr.savepoint():
            cr.execute(ASSIGN_QUANTS, ([k[0] for k in keys], [k[1] for k in keys]),
                       log_exceptions=False)
            found = cr.fetchall()
    except OperationalError as error:
        if error.pgcode == "55P03":
            _unsupported("quants locked by another transaction")
        raise
    quants = defaultdict(list)
    for row in found:
        quants[(row[1], row[2])].append(list(row))
    line_vals = []
    for move_id in moves.ids:
        row = rows[move_id]
        product, qty, rounding, factor = row[2], row[7], row[8], row[9]
        key = (product, row[11])
        if len(quants[key]) != 1 or any(quants[key][0][6:9]):
            _unsupported("not one plain quant for %s", key)
        quant = quants[key][0]
        # core's arithmetic: the need in the product's unit, what is free
        need = _up(qty, factor, rounding, "HALF-UP")
        available = quant[4] - quant[5]
        if float_is_zero(need, precision_rounding=rounding) or float_compare(
                available, 0, precision_rounding=rounding) <= 0:
            _unsupported("move %s: nothing to reserve", move_id)
        taken = min(available, need)
        taken = _up(_up(taken, factor, rounding, "DOWN"), factor, rounding, "HALF-UP")
        if need != taken or float_compare(taken, available,
                                          precision_rounding=rounding) > 0:
            _unsupported("move %s: not all of it is free", move_id)
        # the quant's share (stock.quant._update_reserved_quantity)
        taken = min(available, taken)
        quant[5] += taken
        # _prepare_move_line_vals(quantity=taken, reserved_quant=quant)
        uom_qty = _up(taken, factor, rounding, "HALF-UP")
        back = _up(uom_qty, factor, rounding, "HALF-UP")
        line_vals.append({
            "move_id": move_id, "product_id": product, "product_uom_id": row[3],
            "location_id": quant[3], "location_dest_id": row[12],
            "picking_id": row[13] or False,
            "product_uom_qty": uom_qty if not float_compare(
                taken, back, precision_digits=digits) else taken,
            "lot_id": False, "package_id": False, "owner_id": False})
        # stock.move.line._compute_product_qty (the product's unit, half up)
        line_vals[-1]["product_qty"] = _up(line_vals[-1]["product_uom_qty"],
                                           factor, rounding, "HALF-UP")
    for vals in line_vals:
        # stock.move.line.create
        vals["ordered_qty"] = vals["product_uom_qty"]
    used = sorted({quant[0] for key in keys for quant in quants[key]})
    reserved = {quant[0]: quant[5] for key in keys for quant in quants[key]}
    bulk.update(env["stock.quant"].sudo().browse(used),
                [{"reserved_quantity": reserved[quant_id]} for quant_id in used])
    move_lines = bulk.create(env["stock.move.line"], line_vals,
                             computed=("product_qty",))
    bulk.update(moves, [{"state": "assigned"}] * len(moves))
    bulk.recompute(env, [move_lines, moves])
    return move_lines


#: source usages that bypass reservation (``should_bypass_reservation``)
#: whose receipts into stock are validated here: goods from a vendor, a
#: customer's return; their quant is taken down (or created negative)
#: without an unreservation, as core does
BYPASS = ("supplier", "customer")


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
         rounding, _picking, chained, _usage, _scrapped, _factor) = move_rows[move_id]
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
            if src_usage not in ("internal", "transit") + BYPASS or scrap \
                    or dst_usage == "view" \
                    or (src_usage in BYPASS and dst_usage != "internal"):
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
    bypass = {(row[2], row[7]) for rows in lines.values() for row in rows
              if row[13] in BYPASS}
    if src_keys & dst_keys:
        _unsupported("a location is both a source and a destination")
    for key in src_keys:
        count = len(quants.get(key, ()))
        if count > 1 or (count == 0 and key not in bypass):
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
            key = (product, src)
            if key in bypass and not quants.get(key):
                # no quant at the vendor or customer yet: one made negative
                # (the batch's later lines of the key take from it)
                vals = created.setdefault(key, {
                    "product_id": product, "location_id": src, "quantity": 0.0,
                    "lot_id": False, "package_id": False, "owner_id": False,
                    "in_date": now})
                vals["quantity"] -= qty
                in_date = vals["in_date"]
            else:
                # unreserve (a vendor or customer location holds no
                # reservation), then take the quantity out (strict: the one
                # quant)
                state = current(key)
                if key not in bypass:
                    if float_compare(reserved, state[1],
                                     precision_rounding=rounding) > 0:
                        _unsupported("quant of %s: reservation missing", key)
                    state[1] -= min(state[1], reserved)
                state[0] = state[0] + -qty
                state[2] = state[2] or now
                in_date = state[2]
                if float_is_zero(state[0], precision_rounding=rounding) and \
                        float_is_zero(state[1], precision_rounding=rounding):
                    deleted.add(quants[key][0][0])
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
    in one call (same rows), else move by move; the rows of all groups are
    written together, in that order."""
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
    rows = []
    done = move_lines._ecom_audit_done(audited)
    for group, group_before, group_after in groups:
        group_lines = audited.browse([row[0] for row in group])
        rows.extend(move_lines._ecom_audit_rows(group_lines, group, group_before,
                                                group_after, done=done))
    move_lines._ecom_audit_write(rows)


def _valuation(moves, move_rows, lines, by_move):
    """stock_account's ``_run_valuation`` of ``moves`` (done, each leaving the
    company: see ``valued`` in :func:`action_done`), in their order.

    Products valued at standard or average cost, whose moves all leave
    valued locations for unvalued ones on every line, are valued together:
    one search of the FIFO candidates (as ``_get_fifo_candidates_in_move``,
    same domain, order and access rules), core's arithmetic move by move on
    them (``_run_fifo``: the candidates' remaining quantity and value, the
    negative-stock case; then the standard price's value), one UPDATE of the
    candidates and one of the moves. Products are independent (candidates
    and prices are per product), so the others (FIFO products: their
    standard price history is written per move) take core's method, move by
    move in the same order.
    """
    if not moves:
        return
    line_rows = {row[0]: row for rows in lines.values() for row in rows}
    order = dict(by_move)
    out_qty = {}
    for move in moves:
        rows = [line_rows[ml_id] for ml_id in order[move.id].ids]
        if all(_valued(r[13], r[16]) and not _valued(r[15], r[17]) for r in rows):
            factor, rounding = move_rows[move.id][13], move_rows[move.id][8]
            qty = 0
            for row in rows:
                # product_uom_id._compute_quantity(qty_done, product uom):
                # the same unit (checked), divided and multiplied, rounded up
                qty += float_round(row[6] / factor * factor,
                                   precision_rounding=rounding, rounding_method="UP")
            out_qty[move.id] = qty
    methods = {product.id: product.cost_method
               for product in moves.mapped("product_id")}
    simple_products = {product_id for product_id, method in methods.items()
                       if method in ("standard", "average")}
    for move in moves:
        if move.id not in out_qty:
            simple_products.discard(move.product_id.id)
    simple = moves.filtered(lambda m: m.product_id.id in simple_products)
    if simple:
        _valuation_standard(simple, out_qty)
    core = moves - simple
    for move in core:
        move._run_valuation()


def _valuation_standard(moves, out_qty):
    """:func:`_valuation` of out moves of standard / average cost products."""
    env = moves.env
    product_ids = list({move.product_id.id for move in moves})
    move_model = env["stock.move"]
    candidates = move_model.search(
        [("product_id", "in", product_ids), ("remaining_qty", ">", 0.0)]
        + move_model._get_in_base_domain(), order="date, id")
    by_product = defaultdict(list)
    state = {}
    if candidates:
        env.cr.execute("SELECT id, product_id, remaining_qty, remaining_value, "
                       "price_unit FROM stock_move WHERE id = ANY(%s)",
                       [candidates.ids])
        rows = {row[0]: row for row in env.cr.fetchall()}
        for cand_id in candidates.ids:
            row = rows[cand_id]
            by_product[row[1]].append(cand_id)
            state[cand_id] = [row[2] or 0.0, row[3] or 0.0, row[4] or 0.0]
    env.cr.execute("SELECT id, remaining_qty, remaining_value FROM stock_move "
                   "WHERE id = ANY(%s)", [moves.ids])
    own = {row[0]: [row[1] or 0.0, row[2] or 0.0] for row in env.cr.fetchall()}
    prices = {}
    move_vals, negative, touched = [], [], []
    for move in moves:
        product = move.product_id
        if product.id not in prices:
            prices[product.id] = product.standard_price
        # _run_fifo(move): the oldest receipts first
        qty_to_take = out_qty[move.id]
        new_standard_price = 0
        for cand_id in by_product[product.id]:
            cand = state[cand_id]
            if cand[0] <= 0:
                continue  # consumed earlier in this batch: no longer a candidate
            new_standard_price = cand[2]
            taken = cand[0] if cand[0] <= qty_to_take else qty_to_take
            cand_price_unit = cand[1] / cand[0]
            value_taken = taken * cand_price_unit
            cand[0], cand[1] = cand[0] - taken, cand[1] - value_taken
            touched.append(cand_id)
            qty_to_take -= taken
            if qty_to_take == 0:
                break
        if qty_to_take > 0:
            # negative stock: valued at the last price, corrected by the vacuum
            last_fifo_price = new_standard_price or prices[product.id]
            negative.append((move.id, {
                "remaining_qty": own[move.id][0] + -qty_to_take,
                "remaining_value": own[move.id][1] + last_fifo_price * -qty_to_take}))
        # then the standard price's value (standard and average cost)
        rounding = move.company_id.currency_id.rounding
        value = -float_round(prices[product.id] * out_qty[move.id],
                             precision_rounding=rounding)
        move_vals.append({"value": value, "price_unit": value / out_qty[move.id]})
    touched = sorted(set(touched))
    bulk.update(move_model.browse(touched), [
        {"remaining_qty": state[cand_id][0], "remaining_value": state[cand_id][1]}
        for cand_id in touched])
    bulk.update(moves, move_vals)
    bulk.update(moves.browse([move_id for move_id, _v in negative]),
                [vals for _m, vals in negative])


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
    # each move's lines in the order of move.move_line_ids (the model's
    # order): one search for all moves, not a one2many read per move
    line_model = env["stock.move.line"]
    move_of = {row[0]: row[1] for rows in lines.values() for row in rows}
    grouped = defaultdict(list)
    for line_id in line_model.search([("move_id", "in", moves.ids)]).ids:
        grouped[move_of[line_id]].append(line_id)
    by_move = [(move_id, line_model.browse(grouped[move_id]))
               for move_id in moves.ids]
    if audit:
        before = move_lines._ecom_audit_quantities(keys)

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
    if picking and not all(move_rows[move_id][12] for move_id in moves.ids):
        picking._create_backorder()
    # stock_account (its consistency checks are made by _check): moves
    # between valued locations only (internal, transit with a company) are
    # neither in, out nor dropshipped: their valuation does nothing
    valued = moves.browse([move_id for move_id in moves.ids if valuation and not all(
        _valued(row[13], row[16]) and _valued(row[15], row[17])
        for row in lines[move_id])])
    _valuation(valued, move_rows, lines, by_move)
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
