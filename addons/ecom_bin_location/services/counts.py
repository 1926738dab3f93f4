"""Cycle counts: which lines to count and the discrepancy report, in plain
Python (no ORM).

A cycle count of one ABC class counts the products of that class only
(products never classified count as C). When the count is validated, each
line keeps book and counted quantities and the value of the difference at
the product's cost; the count keeps how many lines differ and their value.
"""


def lines_of_class(lines, class_of, abc_class):
    """The inventory line values of ``lines`` whose product is of
    ``abc_class``; ``class_of``: {product id: class or False}."""
    if not abc_class:
        return lines
    return [vals for vals in lines
            if (class_of.get(vals["product_id"]) or "c") == abc_class]


def discrepancy(book_qty, counted_qty, unit_cost):
    """Discrepancy columns of one counted line."""
    difference = counted_qty - book_qty
    return {
        "ecom_book_qty": book_qty,
        "ecom_counted_qty": counted_qty,
        "ecom_difference_qty": difference,
        "ecom_unit_cost": unit_cost,
        "ecom_difference_value": difference * unit_cost,
    }


def summary(lines):
    """(lines that differ, their value) of ``lines`` = [(difference qty,
    difference value)]."""
    diffs = [value for qty, value in lines if qty]
    return len(diffs), sum(diffs)
