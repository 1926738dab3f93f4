"""Capacity-aware putaway: which bin each incoming line goes to.

Order of preference for one line (no line is ever split):

1. the product's fixed bin, when the whole line fits there;
2. the first bin, in code order, of the product's preferred zone (or of its
   category's) with enough free capacity for the whole line;
3. the zone's default bin, when the line fits there;
4. nothing: the line keeps its destination and gets a warning.

A capacity of 0 (units or volume) means "not limited" in that dimension.
Free capacity counts what the bin holds plus what earlier lines of the same
run were sent there, so a run never fills a bin beyond its capacity.
"""
from collections import namedtuple

Bin = namedtuple("Bin", "id code zone_id capacity_units capacity_volume "
                        "used_units used_volume")
Line = namedtuple("Line", "key qty unit_volume fixed_bin_id zone_id")
Result = namedtuple("Result", "key bin_id reason")

FIXED = "fixed"
FIRST_FIT = "first_fit"
ZONE_DEFAULT = "zone_default"
NOTHING_FITS = "nothing_fits"
UNMANAGED = "unmanaged"

EPSILON = 1e-9


class _Load:
    __slots__ = ("bin", "units", "volume")

    def __init__(self, bin_):
        self.bin = bin_
        self.units = bin_.used_units or 0.0
        self.volume = bin_.used_volume or 0.0

    def fits(self, qty, volume):
        cap_units = self.bin.capacity_units or 0.0
        cap_volume = self.bin.capacity_volume or 0.0
        if cap_units and self.units + qty > cap_units + EPSILON:
            return False
        if cap_volume and self.volume + volume > cap_volume + EPSILON:
            return False
        return True

    def add(self, qty, volume):
        self.units += qty
        self.volume += volume


def fill_ratio(used_units, used_volume, capacity_units, capacity_volume):
    """Fill as a fraction (1.0 = full) in the tighter dimension; 0 if unlimited."""
    ratios = []
    if capacity_units:
        ratios.append((used_units or 0.0) / capacity_units)
    if capacity_volume:
        ratios.append((used_volume or 0.0) / capacity_volume)
    return max(ratios) if ratios else 0.0


def choose_bins(lines, bins, zone_defaults=None):
    """Destination of every line, as a list of :class:`Result` in line order.

    ``lines``: iterable of :class:`Line`. ``bins``: iterable of :class:`Bin`
    (every bin of the zones concerned plus fixed and default bins).
    ``zone_defaults``: dict zone id -> default bin id.
    """
    zone_defaults = zone_defaults or {}
    loads = {}
    by_zone = {}
    for bin_ in sorted(bins, key=lambda b: (b.code or "", b.id)):
        load = loads[bin_.id] = _Load(bin_)
        by_zone.setdefault(bin_.zone_id, []).append(load)
    results = []
    for line in lines:
        qty = line.qty or 0.0
        volume = qty * (line.unit_volume or 0.0)
        results.append(_choose_one(line, qty, volume, loads, by_zone, zone_defaults))
    return results


def _choose_one(line, qty, volume, loads, by_zone, zone_defaults):
    if not line.fixed_bin_id and not line.zone_id:
        return Result(line.key, False, UNMANAGED)
    fixed = loads.get(line.fixed_bin_id)
    if fixed and fixed.fits(qty, volume):
        fixed.add(qty, volume)
        return Result(line.key, fixed.bin.id, FIXED)
    default_id = zone_defaults.get(line.zone_id)
    for load in by_zone.get(line.zone_id, ()):
        if load.bin.id == default_id:
            continue  # the default is the last resort, not a first-fit candidate
        if load.fits(qty, volume):
            load.add(qty, volume)
            return Result(line.key, load.bin.id, FIRST_FIT)
    default = loads.get(default_id)
    if default and default.fits(qty, volume):
        default.add(qty, volume)
        return Result(line.key, default.bin.id, ZONE_DEFAULT)
    return Result(line.key, False, NOTHING_FITS)


def fill_state(used_units, used_volume, capacity_units, capacity_volume):
    """(fill percent, over capacity, empty) of a location for its form and
    lists: the fill of :func:`fill_ratio` in percent, over capacity beyond
    100%, empty with no unit on hand."""
    ratio = fill_ratio(used_units, used_volume, capacity_units, capacity_volume)
    return ratio * 100.0, ratio > 1.0 + EPSILON, used_units <= 0


def inside(bounds, node_id, root_id):
    """True when ``node_id`` is ``root_id`` or below it; ``bounds``: {id:
    (parent_left, parent_right)} (a location unknown there is outside)."""
    if not node_id or node_id not in bounds or root_id not in bounds:
        return False
    left, right = bounds[root_id]
    return left <= bounds[node_id][0] <= right


def engine_lines(rows, bounds):
    """:class:`Line` of each row = (line id, qty, destination, fixed bin,
    preferred zone, unit volume): a fixed bin or zone outside the line's
    destination (another warehouse) is ignored."""
    return [Line(key=line_id, qty=qty, unit_volume=volume,
                 fixed_bin_id=fixed_id if inside(bounds, fixed_id, dest_id) else False,
                 zone_id=zone_id if inside(bounds, zone_id, dest_id) else False)
            for line_id, qty, dest_id, fixed_id, zone_id, volume in rows]


def reset_destinations(rows):
    """{destination id: [line ids]} sending lines back to their move's
    destination before a new putaway; ``rows`` = [(line id, move's
    destination or None, line's destination)]. Lines already there or
    without a move are left out."""
    by_dest = {}
    for line_id, move_dest_id, dest_id in rows:
        if move_dest_id and dest_id != move_dest_id:
            by_dest.setdefault(move_dest_id, []).append(line_id)
    return by_dest


def nothing_fits_summary(product_names):
    """(number of lines, their products' names sorted, unique, joined) of
    the open lines for which nothing fits."""
    return len(product_names), ", ".join(sorted(set(product_names)))
