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
