"""Staff performance maths: plain Python (no ORM), unit-tested with pytest.

- :func:`step_start`: when a warehouse step began when nobody pressed
  *Start*: the end of the same user's previous step if it is recent (one
  continuous work session), else unknown (the step is not timed).
- :func:`expected_seconds`: the time a step's lines should take from the
  distance walked between their bins (bin codes such as ``WH-A-01-03-B``
  compared segment by segment) and the products' ABC class.
- :func:`kpis`: per user x role x day figures with the team median and
  the ratio to the expected time.
"""
import datetime
import re
from collections import namedtuple

#: A gap longer than this between two steps of a user ends a work session.
SESSION_GAP = datetime.timedelta(minutes=30)
#: Seconds per line by ABC class (A: fast movers in the golden zone).
LINE_SECONDS = {"a": 30.0, "b": 40.0, "c": 55.0, None: 45.0, False: 45.0}
#: Seconds per unit beyond the first of a line.
UNIT_SECONDS = 2.0
#: Seconds per step of distance between two bins: a new zone, aisle, rack
#: or level cost these (segments after the warehouse code).
SEGMENT_SECONDS = (60.0, 20.0, 6.0, 3.0)

Kpi = namedtuple("Kpi", (
    "lines units orders hours lines_per_hour units_per_hour errors "
    "errors_per_1000 team_median_lph vs_median_percent expected_hours "
    "vs_expected_percent"))


def step_start(end, previous_end, explicit_start=None, gap=SESSION_GAP):
    """Start of a step ending at ``end``: the explicit start when given,
    else ``previous_end`` (the user's previous step) when within ``gap``,
    else None (not timed)."""
    if explicit_start and explicit_start <= end:
        return explicit_start
    if previous_end and previous_end <= end and end - previous_end <= gap:
        return previous_end
    return None


def _segments(code):
    return [part for part in re.split(r"[-/ .]", code or "") if part]


def bin_distance(code_a, code_b):
    """Seconds walked between two bins: the first differing segment (after
    the warehouse code) costs its :data:`SEGMENT_SECONDS`, numeric segments
    scaled by how far apart they are (capped at 5)."""
    if not code_a or not code_b or code_a == code_b:
        return 0.0
    seg_a, seg_b = _segments(code_a)[1:], _segments(code_b)[1:]
    for index, (left, right) in enumerate(zip(seg_a, seg_b)):
        if left == right:
            continue
        cost = SEGMENT_SECONDS[min(index, len(SEGMENT_SECONDS) - 1)]
        if left.isdigit() and right.isdigit():
            cost *= min(abs(int(left) - int(right)), 5)
        return cost
    return SEGMENT_SECONDS[-1]


def expected_seconds(lines):
    """Expected seconds of a step's ``lines``: [(bin code, abc class,
    units)] in walking order (the order of the bin pick list)."""
    total, previous = 0.0, None
    for code, abc, units in lines:
        total += LINE_SECONDS.get(abc, LINE_SECONDS[None])
        total += UNIT_SECONDS * max(units - 1.0, 0.0)
        if previous is not None:
            total += bin_distance(previous, code)
        previous = code
    return total


def median(values):
    values = sorted(values)
    if not values:
        return 0.0
    mid = len(values) // 2
    if len(values) % 2:
        return float(values[mid])
    return (values[mid - 1] + values[mid]) / 2.0


def _per_hour(amount, hours):
    return amount / hours if hours > 0 else 0.0


def kpis(rows):
    """{(day, user, role): Kpi} from ``rows``: {(day, user, role): dict of
    lines, units, orders, hours (timed steps only), timed_lines (lines of
    timed steps), expected_hours (of timed steps), errors}. The team median
    of lines/hour is taken per day x role over the users with timed work."""
    lph = {}
    for key, row in rows.items():
        lph[key] = _per_hour(row.get("timed_lines", 0), row.get("hours", 0.0))
    medians = {}
    for (day, _user, role), value in lph.items():
        if rows[(day, _user, role)].get("hours"):
            medians.setdefault((day, role), []).append(value)
    medians = {key: median(values) for key, values in medians.items()}
    result = {}
    for key, row in rows.items():
        day, _user, role = key
        hours = row.get("hours", 0.0)
        team = medians.get((day, role), 0.0)
        expected = row.get("expected_hours", 0.0)
        lines = row.get("lines", 0)
        errors = row.get("errors", 0)
        result[key] = Kpi(
            lines, row.get("units", 0.0), row.get("orders", 0), hours,
            lph[key],
            _per_hour(row.get("timed_units", 0.0), hours), errors,
            1000.0 * errors / lines if lines else 0.0, team,
            100.0 * lph[key] / team if team and hours else 0.0, expected,
            100.0 * expected / hours if hours else 0.0)
    return result


def response_times(messages):
    """First response per thread from ``messages``: [(thread, date, agent
    user id or None for the customer)] sorted by date: {thread: (agent,
    seconds from the first customer message to the first agent message
    after it)}; threads never answered are left out."""
    first_customer, answered = {}, {}
    for thread, date, agent in messages:
        if thread in answered:
            continue
        if agent is None:
            first_customer.setdefault(thread, date)
        elif thread in first_customer:
            answered[thread] = (
                agent, (date - first_customer[thread]).total_seconds())
    return answered
