"""SQL text of the replenishment's grouped reads, in plain Python (no ORM).

Each constant is one query the models run with ``cr.execute`` and the
parameters named in its comment; the builders compose queries from column
lists the models own. Keeping them here lets a reader see in one place what
a run reads (a few queries per warehouse, whatever the number of rules).
"""

#: Quantity delivered to customers per product and day from the given
#: internal locations. Params: (location ids, product ids, first day, day
#: after the last).
DAILY_DELIVERIES = """
    SELECT sm.product_id, (sm.date AT TIME ZONE 'UTC')::date AS day,
           SUM(sm.product_qty)
      FROM stock_move sm
      JOIN stock_location dest ON dest.id = sm.location_dest_id
     WHERE sm.state = 'done' AND dest.usage = 'customer'
       AND sm.location_id = ANY(%s) AND sm.product_id = ANY(%s)
       AND sm.date >= %s AND sm.date < %s
     GROUP BY sm.product_id, day
"""

#: Quantity on hand per product in the given locations.
#: Params: (location ids, product ids).
ON_HAND = """
    SELECT product_id, SUM(quantity) FROM stock_quant
     WHERE location_id = ANY(%s) AND product_id = ANY(%s)
     GROUP BY product_id
"""

#: Net quantity that entered the given locations per product and day (moves
#: inside them left out). Params: {"locs", "products", "start"}.
NET_FLOW = """
    SELECT sm.product_id, (sm.date AT TIME ZONE 'UTC')::date AS day,
           SUM(CASE WHEN sm.location_dest_id = ANY(%(locs)s)
                    THEN sm.product_qty ELSE 0 END)
         - SUM(CASE WHEN sm.location_id = ANY(%(locs)s)
                    THEN sm.product_qty ELSE 0 END)
      FROM stock_move sm
     WHERE sm.state = 'done' AND sm.product_id = ANY(%(products)s)
       AND sm.date >= %(start)s
       AND (sm.location_id = ANY(%(locs)s)
            OR sm.location_dest_id = ANY(%(locs)s))
       AND NOT (sm.location_id = ANY(%(locs)s)
                AND sm.location_dest_id = ANY(%(locs)s))
     GROUP BY sm.product_id, day
"""

#: Last delivery to a customer per product from the given locations.
#: Params: (location ids, product ids).
LAST_SALE = """
    SELECT sm.product_id, MAX(sm.date)::date
      FROM stock_move sm JOIN stock_location d ON d.id = sm.location_dest_id
     WHERE sm.state = 'done' AND d.usage = 'customer'
       AND sm.location_id = ANY(%s) AND sm.product_id = ANY(%s)
     GROUP BY sm.product_id
"""

#: Products with stock on hand in the given locations. Params: (location ids,).
STOCKED_PRODUCTS = """
    SELECT DISTINCT product_id FROM stock_quant
     WHERE location_id = ANY(%s) AND quantity > 0
"""

#: Rule columns for the route choice. Params: (rule ids,).
RULE_ROUTE_COLUMNS = """
    SELECT id, product_id, location_id, warehouse_id
      FROM stock_warehouse_orderpoint WHERE id = ANY(%s)
"""

#: The unit of each rule (its product's). Params: (rule ids,).
RULE_UOM = """
    SELECT op.id, pt.uom_id FROM stock_warehouse_orderpoint op
      JOIN product_product pp ON pp.id = op.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE op.id = ANY(%s)
"""

#: Variants with attribute values. Params: (product ids,).
WITH_VARIANTS = """
    SELECT DISTINCT product_product_id FROM
           product_attribute_value_product_product_rel
     WHERE product_product_id = ANY(%s)
"""

#: A vendor's own names and codes of templates, in Odoo's vendor order.
#: Params: (partner ids, template ids).
SELLER_NAMES = """
    SELECT product_tmpl_id, product_id, product_name, product_code
      FROM product_supplierinfo
     WHERE name = ANY(%s) AND product_tmpl_id = ANY(%s)
     ORDER BY sequence, min_qty DESC, price, id
"""

#: Product columns the run needs (see PRODUCT_DATA_KEYS). Params: (ids,).
PRODUCT_DATA = """
    SELECT pp.id, pp.product_tmpl_id, pt.name, pp.default_code,
           pt.description_purchase, pt.uom_id, pt.uom_po_id, u.rounding
      FROM product_product pp
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_uom u ON u.id = pt.uom_id
     WHERE pp.id = ANY(%s)
"""
PRODUCT_DATA_KEYS = ("tmpl_id", "name", "default_code", "description_purchase",
                     "uom_id", "uom_po_id", "rounding")

#: Vendor taxes of each product (its template's). Params: (product ids,).
PRODUCT_TAXES = """
    SELECT pp.id, rel.tax_id FROM product_product pp
      JOIN product_supplier_taxes_rel rel ON rel.prod_id = pp.product_tmpl_id
     WHERE pp.id = ANY(%s)
"""

#: Routes of each product and of its category and the category's parents.
#: Params: (product ids, product ids).
PRODUCT_ROUTES = """
    SELECT pp.id, r.route_id FROM product_product pp
      JOIN stock_route_product r ON r.product_id = pp.product_tmpl_id
     WHERE pp.id = ANY(%s)
    UNION
    SELECT pp.id, rc.route_id FROM product_product pp
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN product_category c ON c.id = pt.categ_id
      JOIN product_category parent
        ON parent.parent_left <= c.parent_left
       AND parent.parent_right >= c.parent_right
      JOIN stock_location_route_categ rc ON rc.categ_id = parent.id
     WHERE pp.id = ANY(%s)
"""


def select_rules(columns):
    """Reorder rule columns by id. Params: (rule ids,). ``columns`` are the
    caller's constant names, never user input."""
    return "SELECT %s FROM stock_warehouse_orderpoint WHERE id = ANY(%%s)" % (
        ", ".join(columns))


def supplierinfo_select(from_clause, where_clause, columns):
    """Vendor lines of a domain's query (``from``/``where`` of the ORM's
    ``_where_calc`` with its record rules), in Odoo's vendor order."""
    return ("SELECT " + ", ".join("product_supplierinfo." + c for c in columns)
            + " FROM " + from_clause + " WHERE " + where_clause
            + " ORDER BY product_supplierinfo.sequence, "
              "product_supplierinfo.min_qty DESC, product_supplierinfo.price")


def sum_by_product(table, field, from_clause, where_clause):
    """``SUM(field)`` per product of a domain's query on ``table``."""
    return ("SELECT %s.product_id, SUM(%s.%s) FROM %s WHERE %s "
            "GROUP BY %s.product_id"
            % (table, table, field, from_clause, where_clause, table))
