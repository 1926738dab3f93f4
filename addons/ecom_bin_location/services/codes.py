"""Structured location codes and the grid generation plan.

A bin's code is its parents' codes joined with a separator, e.g. the bin
``B`` of shelf ``03`` of rack ``01`` of aisle ``02`` in zone ``A`` of
warehouse ``WH`` is ``WH-A-02-01-03-B``. The generator asks
:func:`plan_grid` which nodes of a zone x aisles x racks x shelves x bins
grid are missing, given the codes that already exist, so running it twice
creates nothing the second time.
"""
import re
import string

KINDS = ("zone", "aisle", "rack", "shelf", "bin")
SEPARATOR = "-"
ZONE_CODE_RE = re.compile(r"^[A-Za-z0-9]+$")


class CodeError(ValueError):
    """Bad generator input; ``field`` names the offending field."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def build_code(parent_code, part, separator=SEPARATOR):
    """The code of a node from its parent's code and its own segment."""
    part = (part or "").strip()
    if not part:
        return parent_code or False
    if not parent_code:
        return part
    return "%s%s%s" % (parent_code, separator, part)


def _letters(number):
    """1 -> A, 26 -> Z, 27 -> AA (spreadsheet columns)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


def format_segment(pattern, number, field="pattern"):
    """Render one level's naming pattern for the ``number``-th node.

    ``{n}`` is the number (``{n:02d}`` zero-padded), ``{a}`` the letter
    (1 -> A, 27 -> AA). Anything else in the pattern is copied.
    """
    try:
        segment = pattern.format(n=number, a=_letters(number))
    except (KeyError, IndexError, ValueError) as exc:
        raise CodeError(field, "Naming pattern %r of field %s is invalid (%s); use "
                        "{n}, {n:02d} or {a}." % (pattern, field, exc))
    segment = segment.strip()
    if not segment:
        raise CodeError(field, "Naming pattern %r of field %s gives an empty "
                        "segment." % (pattern, field))
    if SEPARATOR in segment or "/" in segment:
        raise CodeError(field, "Naming pattern %r of field %s must not contain "
                        "%r or '/'." % (pattern, field, SEPARATOR))
    return segment


def plan_grid(zone_code, levels, existing_codes=(), separator=SEPARATOR):
    """Nodes to create for a grid below one zone, parents before children.

    ``levels``: list of ``(kind, count, pattern, field)`` from aisle to bin; a
    level with count 0 is skipped (e.g. no shelves). ``existing_codes``: codes
    already present. Returns a list of dicts ``{"code", "parent_code", "kind",
    "part", "index"}`` for the missing nodes only, in code order (the zone
    itself is returned when it is missing).
    """
    existing = set(existing_codes)
    if not zone_code:
        raise CodeError("zone_code", "The zone code is required.")
    if any(count < 0 for _kind, count, _pattern, _field in levels):
        field = [f for _k, c, _p, f in levels if c < 0][0]
        raise CodeError(field, "The count of field %s must not be negative." % field)
    active = [lvl for lvl in levels if lvl[1] > 0]
    if not active or active[-1][0] != "bin":
        raise CodeError("bin_count", "At least one bin per shelf is required.")
    plan = []
    if zone_code not in existing:
        plan.append({"code": zone_code, "parent_code": False, "kind": "zone",
                     "part": zone_code.split(separator)[-1], "index": 1})
    parents = [zone_code]
    for kind, count, pattern, field in active:
        segments = [format_segment(pattern, i, field) for i in range(1, count + 1)]
        if len(set(segments)) != len(segments):
            raise CodeError(field, "Naming pattern %r of field %s gives duplicate "
                            "segments." % (pattern, field))
        children = []
        for parent in parents:
            for index, segment in enumerate(segments, 1):
                code = build_code(parent, segment, separator)
                children.append(code)
                if code not in existing:
                    plan.append({"code": code, "parent_code": parent, "kind": kind,
                                 "part": segment, "index": index})
        parents = children
    plan.sort(key=lambda node: (node["code"].count(separator), node["code"]))
    return plan


def nested_set(root_id, children_of, left):
    """Parent-left/right numbers of a subtree (Odoo 11 ``_parent_store``).

    ``children_of``: dict id -> list of child ids already in sibling order.
    Returns dict id -> (left, right) starting at ``left`` for ``root_id``.
    Iterative, so a deep or wide tree does not hit the recursion limit.
    """
    result = {}
    counter = left
    stack = [(root_id, iter(children_of.get(root_id, ())))]
    result[root_id] = [counter, None]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            counter += 1
            result[node][1] = counter
            stack.pop()
            continue
        counter += 1
        result[child] = [counter, None]
        stack.append((child, iter(children_of.get(child, ()))))
    return {node: tuple(pair) for node, pair in result.items()}


def node_code(kind, code_part, name, parent_code, warehouse_code):
    """Code of a located node: its segment (``code_part``, else its name)
    under its parent's code; a zone, or a node whose parent has no code,
    hangs under the warehouse's code. False for an unlocated node."""
    if not kind:
        return False
    if kind == "zone" or not parent_code:
        parent_code = warehouse_code or False
    return build_code(parent_code, code_part or name)


def code_part_is_valid(part):
    """A code segment may not hold the separator nor '/' (complete names)."""
    return not part or (SEPARATOR not in part and "/" not in part)


def labels_after_write(rows):
    """[(location id, new barcode)] after a write that did not set barcodes.

    ``rows``: [(id, code before when the barcode followed the code (it was
    equal to it) else None, code after, barcode after)]. A barcode that
    followed the code follows it to its new value; then a coded location
    without barcode gets its code (in that order: a code freed by the first
    may be taken by the second)."""
    rows = list(rows)
    followers = [(location_id, code) for location_id, followed, code, _barcode
                 in rows if followed is not None and code != followed]
    moved = {location_id for location_id, _code in followers}
    return followers + [(location_id, code) for location_id, _followed, code, barcode
                        in rows if location_id not in moved and code and not barcode]


def check_zone_code(zone_code):
    """The zone segment typed in the generator, stripped; letters and
    digits only, else :class:`CodeError` on ``zone_code``."""
    part = (zone_code or "").strip()
    if not ZONE_CODE_RE.match(part):
        raise CodeError("zone_code", "Zone Code %r must be letters and digits "
                        "only." % (zone_code or ""))
    return part


def below_pattern(code):
    """SQL LIKE pattern of the codes below ``code`` (wildcards escaped)."""
    like = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return like + SEPARATOR + "%"


def zone_code_of(code, warehouse_code):
    """'WH-A-01-02' -> 'WH-A' (warehouse code may itself hold no separator)."""
    rest = code[len(warehouse_code) + len(SEPARATOR):]
    return build_code(warehouse_code, rest.split(SEPARATOR)[0])


def chunks_by_depth(plan, size):
    """The nodes of ``plan`` (parents before children) in chunks of at most
    ``size`` nodes of one depth each, so that every parent of a chunk is
    inserted before it."""
    depth, chunk = None, []
    for node in plan:
        node_depth = node["code"].count(SEPARATOR)
        if chunk and (node_depth != depth or len(chunk) >= size):
            yield chunk
            chunk = []
        depth = node_depth
        chunk.append(node)
    if chunk:
        yield chunk


#: Layout level -> the position coordinate (posx, posy, posz) its index sets.
POSITION_AXIS = {"aisle": 0, "rack": 1, "shelf": 2}


def node_position(parent_position, kind, index):
    """(posx, posy, posz) of a new node: its parent's, with the axis of its
    level (aisle: x, rack: y, shelf: z) set to its index."""
    position = list(parent_position)
    axis = POSITION_AXIS.get(kind)
    if axis is not None:
        position[axis] = index
    return tuple(position)


def node_name(node, zone_name=None):
    """Location name of a planned node: its segment; a zone may be named."""
    if node["kind"] == "zone":
        return (zone_name or "").strip() or node["part"]
    return node["part"]


def subtree_growth(count, left, right):
    """How far the nested set right of a subtree must shift once the
    subtree holds ``count`` nodes below its root, numbered from ``left`` to
    ``right`` today."""
    return 2 * (count + 1) - (right - left + 1)


def children_by_parent(rows):
    """({parent id: [child ids in row order]}, number of rows) of ``rows`` =
    [(id, parent id)]."""
    children = {}
    count = 0
    for node_id, parent_id in rows:
        children.setdefault(parent_id, []).append(node_id)
        count += 1
    return children, count


def walking_key(code, complete_name, default_code, line_id):
    """Sort key of a move line in walking order: bin code (else the
    location's full name), then product code, then line."""
    return (code or complete_name or "", default_code or "", line_id)
