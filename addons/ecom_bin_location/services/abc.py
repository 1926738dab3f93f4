"""ABC classification by movement value and cycle-count due dates.

Products are ranked by the value that moved out of stock over a period
(quantity x cost). The smallest set of top products that makes up
``a_share`` of the total value is class A, the next ones up to ``b_share``
class B, the rest (and anything that did not move) class C.
"""
import datetime

CLASSES = ("a", "b", "c")


class AbcError(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def check_thresholds(a_share, b_share):
    if not 0 < a_share < 1:
        raise AbcError("abc_a_share", "Class A share must be between 0 and 1 "
                       "(exclusive), got %s." % a_share)
    if not a_share <= b_share <= 1:
        raise AbcError("abc_b_share", "Class B share must be between the class A "
                       "share (%s) and 1, got %s." % (a_share, b_share))


def classify(values, a_share=0.8, b_share=0.95):
    """dict key -> movement value  =>  dict key -> 'a' | 'b' | 'c'.

    A product belongs to A when the cumulative share *before* it is below
    ``a_share`` (so the product that crosses the threshold is still A).
    Ties are broken by key so the result is deterministic.
    """
    check_thresholds(a_share, b_share)
    total = sum(v for v in values.values() if v > 0)
    result = {}
    cumulative = 0.0
    for key, value in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])):
        if value <= 0 or not total:
            result[key] = "c"
            continue
        before = cumulative / total
        cumulative += value
        if before < a_share:
            result[key] = "a"
        elif before < b_share:
            result[key] = "b"
        else:
            result[key] = "c"
    return result


def is_due(last_date, interval_days, today):
    """True when a class counted on ``last_date`` is due again on ``today``."""
    if interval_days <= 0:
        return False
    if not last_date:
        return True
    return today >= last_date + datetime.timedelta(days=interval_days)


def due_classes(last_dates, intervals, today):
    """Classes of a count plan due on ``today``, in class order.

    ``last_dates``: {class: last count date or None}; ``intervals``:
    {class: days between counts (0: never)}."""
    return [cls for cls in CLASSES
            if is_due(last_dates.get(cls), intervals.get(cls, 0), today)]


def classes_to_open(due, busy):
    """Due classes without a count in progress (``busy``)."""
    return [cls for cls in due if cls not in busy]


def negative_interval(intervals):
    """The first class whose interval is negative, or None."""
    for cls in CLASSES:
        if intervals.get(cls, 0) < 0:
            return cls
    return None


def classify_products(moved, costs, a_share, b_share):
    """({class: [product ids]}, {class: count}) of products ranked by
    moved value = ``moved`` quantity x ``costs`` (both {product id: x}; a
    product of ``costs`` that did not move is worth 0 and is C)."""
    values = {pid: moved.get(pid, 0.0) * cost for pid, cost in costs.items()}
    by_class = {}
    for product_id, cls in classify(values, a_share, b_share).items():
        by_class.setdefault(cls, []).append(product_id)
    return by_class, {cls: len(by_class.get(cls, ())) for cls in CLASSES}
