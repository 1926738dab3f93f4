"""SQL text of ecom_bin_location's grouped reads and set-based writes, in
plain Python (no ORM).

Each constant is one query a model runs with ``cr.execute`` and the
parameters named in its comment.
"""

#: Quantity and volume on hand per location. Params: (tuple of location ids,).
LOAD = """
    SELECT q.location_id, SUM(q.quantity), SUM(q.quantity * COALESCE(t.volume, 0))
      FROM stock_quant q
      JOIN product_product p ON p.id = q.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id
     WHERE q.location_id IN %s
  GROUP BY q.location_id
"""

#: Located nodes holding more than a capacity they have. No params.
OVER_CAPACITY = """
    SELECT l.id
      FROM stock_location l
      JOIN stock_quant q ON q.location_id = l.id
      JOIN product_product p ON p.id = q.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id
     WHERE l.ecom_kind IS NOT NULL
       AND (COALESCE(l.ecom_capacity_units, 0) > 0
            OR COALESCE(l.ecom_capacity_volume, 0) > 0)
  GROUP BY l.id
    HAVING (MAX(l.ecom_capacity_units) > 0
            AND SUM(q.quantity) > MAX(l.ecom_capacity_units))
        OR (MAX(l.ecom_capacity_volume) > 0
            AND SUM(q.quantity * COALESCE(t.volume, 0))
                > MAX(l.ecom_capacity_volume))
"""

#: Locations holding something. No params.
NOT_EMPTY = """
    SELECT location_id FROM stock_quant
  GROUP BY location_id HAVING SUM(quantity) > 0
"""

#: Open move lines to put away with their product's bin rules: (line id,
#: quantity, the move's destination, fixed bin, preferred zone (product's,
#: else category's), unit volume). Params: (tuple of line ids,).
PUTAWAY_LINES = """
    SELECT ml.id, ml.product_qty, COALESCE(m.location_dest_id,
                                           ml.location_dest_id),
           t.ecom_fixed_bin_id,
           COALESCE(t.ecom_preferred_zone_id, c.ecom_preferred_zone_id),
           COALESCE(t.volume, 0)
      FROM stock_move_line ml
 LEFT JOIN stock_move m ON m.id = ml.move_id
      JOIN product_product p ON p.id = ml.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id
 LEFT JOIN product_category c ON c.id = t.categ_id
     WHERE ml.id IN %s AND ml.state NOT IN ('done', 'cancel')
  ORDER BY ml.id
"""

#: Default bins of zones. Params: (tuple of zone ids,).
ZONE_DEFAULTS = """
    SELECT id, ecom_default_bin_id FROM stock_location
     WHERE id IN %s AND ecom_default_bin_id IS NOT NULL
"""

#: Nested-set bounds of locations. Params: (tuple of location ids,).
BOUNDS = """
    SELECT id, parent_left, parent_right FROM stock_location WHERE id IN %s
"""

#: Load of bins: on hand plus open move lines already headed there (the
#: lines being put away left out), as :class:`.putaway.Bin` fields.
#: Params: {"zones", "bins", "exclude"} (tuples, never empty).
PUTAWAY_BINS = """
    SELECT l.id, l.ecom_code, l.ecom_zone_id,
           COALESCE(l.ecom_capacity_units, 0), COALESCE(l.ecom_capacity_volume, 0),
           COALESCE(q.units, 0) + COALESCE(m.units, 0),
           COALESCE(q.volume, 0) + COALESCE(m.volume, 0)
      FROM stock_location l
 LEFT JOIN (SELECT sq.location_id, SUM(sq.quantity) AS units,
                   SUM(sq.quantity * COALESCE(t.volume, 0)) AS volume
              FROM stock_quant sq
              JOIN product_product p ON p.id = sq.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
          GROUP BY sq.location_id) q ON q.location_id = l.id
 LEFT JOIN (SELECT ml.location_dest_id, SUM(ml.product_qty) AS units,
                   SUM(ml.product_qty * COALESCE(t.volume, 0)) AS volume
              FROM stock_move_line ml
              JOIN product_product p ON p.id = ml.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
             WHERE ml.state NOT IN ('done', 'cancel')
               AND ml.location_dest_id != ml.location_id
               AND NOT (ml.id IN %(exclude)s)
          GROUP BY ml.location_dest_id) m ON m.location_dest_id = l.id
     WHERE l.active AND l.ecom_kind = 'bin'
       AND (l.ecom_zone_id IN %(zones)s OR l.id IN %(bins)s)
"""

#: Putaway results of many lines in one statement. Params: (uid, line ids,
#: bin ids (None: keep the destination), reasons, notes).
WRITE_PUTAWAY = """
    UPDATE stock_move_line ml
       SET location_dest_id = COALESCE(v.bin_id, ml.location_dest_id),
           ecom_putaway_reason = v.reason, ecom_putaway_note = v.note,
           write_uid = %s, write_date = now() at time zone 'UTC'
      FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS bin_id,
                   unnest(%s::varchar[]) AS reason,
                   unnest(%s::varchar[]) AS note) AS v
     WHERE ml.id = v.id
"""

#: Quantity that left internal stock per product (sales, scrap...) since a
#: date. Params: (since, company id).
MOVED = """
    SELECT m.product_id, SUM(m.product_qty)
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dst ON dst.id = m.location_dest_id
     WHERE m.state = 'done' AND m.date >= %s AND m.company_id = %s
       AND src.usage = 'internal' AND dst.usage NOT IN ('internal', 'transit')
       AND dst.usage != 'inventory'
  GROUP BY m.product_id
"""

#: {code: id} of a zone and everything coded below it. Params: (warehouse
#: id, zone code, LIKE pattern of the codes below: see codes.below_pattern).
EXISTING_NODES = """
    SELECT ecom_code, id FROM stock_location
     WHERE ecom_warehouse_id = %s
       AND (ecom_code = %s OR ecom_code LIKE %s)
"""

#: Barcodes already taken in a company. Params: (tuple of barcodes, company
#: id or None).
TAKEN_BARCODES = """
    SELECT barcode FROM stock_location
     WHERE barcode IN %s AND company_id IS NOT DISTINCT FROM %s
     LIMIT 5
"""

#: Columns of the generator's parents. Params: (tuple of location ids,).
NODE_INFO = """
    SELECT id, complete_name, posx, posy, posz FROM stock_location WHERE id IN %s
"""

#: Zones are their own zone. Params: (list of zone ids,).
ZONE_IS_ITS_OWN = "UPDATE stock_location SET ecom_zone_id = id WHERE id = ANY(%s)"

#: Nested-set bounds of one location. Params: (id,).
NODE_BOUNDS = "SELECT parent_left, parent_right FROM stock_location WHERE id = %s"

#: (id, parent id) of a subtree in the sibling order of Odoo's
#: _parent_store_compute (name, then id). Params: (root id,).
SUBTREE = """
    WITH RECURSIVE tree(id, location_id, name) AS (
        SELECT id, location_id, name FROM stock_location
         WHERE location_id = %s
     UNION ALL
        SELECT c.id, c.location_id, c.name FROM stock_location c
          JOIN tree t ON c.location_id = t.id
    )
    SELECT id, location_id FROM tree ORDER BY name, id
"""

#: Shift the nested set right of a subtree. Params: (delta, right bound).
SHIFT_LEFT = ("UPDATE stock_location SET parent_left = parent_left + %s "
              "WHERE parent_left > %s")
SHIFT_RIGHT = ("UPDATE stock_location SET parent_right = parent_right + %s "
               "WHERE parent_right > %s")

#: New bounds of many locations. Params: (ids, lefts, rights).
SET_BOUNDS = """
    UPDATE stock_location l SET parent_left = v.pl, parent_right = v.pr
      FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS pl,
                   unnest(%s::int[]) AS pr) AS v
     WHERE l.id = v.id
"""
