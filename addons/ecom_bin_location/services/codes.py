"""Structured location codes and the grid generation plan.

A bin's code is its parents' codes joined with a separator, e.g. the bin
``B`` of shelf ``03`` of rack ``01`` of aisle ``02`` in zone ``A`` of
warehouse ``WH`` is ``WH-A-02-01-03-B``. The generator asks
:func:`plan_grid` which nodes of a zone x aisles x racks x shelves x bins
grid are missing, given the codes that already exist, so running it twice
creates nothing the second time.
"""
import string

KINDS = ("zone", "aisle", "rack", "shelf", "bin")
SEPARATOR = "-"


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
