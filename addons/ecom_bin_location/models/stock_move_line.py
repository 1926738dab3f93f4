# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..services import putaway

REASON_SELECTION = [
    (putaway.FIXED, "Fixed bin"),
    (putaway.FIRST_FIT, "First fit in preferred zone"),
    (putaway.ZONE_DEFAULT, "Zone default bin"),
    (putaway.NOTHING_FITS, "Nothing fits"),
    (putaway.UNMANAGED, "No bin rule"),
]

# Load of bins: on hand plus open move lines already headed there.
BIN_QUERY = """
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


class StockMoveLine(models.Model):
    """Bin on every line: putaway fills the destination of receipts; deliveries
    are listed in bin-code order (the walking path)."""

    _inherit = "stock.move.line"
    _order = "result_package_id desc, ecom_bin_code, id"

    ecom_bin_code = fields.Char(
        related="location_id.ecom_code", store=True, readonly=True,
        string="From Bin")
    ecom_dest_bin_code = fields.Char(
        related="location_dest_id.ecom_code", readonly=True, string="To Bin")
    ecom_putaway_reason = fields.Selection(
        REASON_SELECTION, "Putaway", readonly=True, copy=False)
    ecom_putaway_note = fields.Char("Putaway Note", readonly=True, copy=False)

    @api.multi
    def _ecom_apply_putaway(self):
        """Choose the destination bin of these (incoming, open) lines at once.

        A handful of queries read the lines, their products' bin rules and
        every candidate bin with its load; the engine
        (:mod:`..services.putaway`) decides; one UPDATE writes the result and
        the ORM is told what changed (cache, dependent fields). Lines whose
        rule finds no room keep their destination and get a note; lines of
        products without bin rules are left alone.
        """
        if not self:
            return {}
        self.check_access_rights("write")
        self.check_access_rule("write")
        cr = self.env.cr
        cr.execute("""
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
        """, (tuple(self.ids),))
        rows = cr.fetchall()
        if not rows:
            return {}
        zone_ids = {row[4] for row in rows if row[4]}
        fixed_ids = {row[3] for row in rows if row[3]}
        defaults = {}
        if zone_ids:
            cr.execute("SELECT id, ecom_default_bin_id FROM stock_location "
                       "WHERE id IN %s AND ecom_default_bin_id IS NOT NULL",
                       (tuple(zone_ids),))
            defaults = dict(cr.fetchall())
        bounds = self._ecom_bounds(
            zone_ids | fixed_ids | {row[2] for row in rows})
        bins = self._ecom_putaway_bins(zone_ids, fixed_ids | set(defaults.values()),
                                       [row[0] for row in rows])

        def inside(node_id, dest_id):
            if not node_id or node_id not in bounds or dest_id not in bounds:
                return False
            left, right = bounds[dest_id]
            return left <= bounds[node_id][0] <= right

        engine_lines = [putaway.Line(
            key=line_id, qty=qty, unit_volume=volume,
            fixed_bin_id=fixed_id if inside(fixed_id, dest_id) else False,
            zone_id=zone_id if inside(zone_id, dest_id) else False)
            for line_id, qty, dest_id, fixed_id, zone_id, volume in rows]
        results = putaway.choose_bins(engine_lines, bins, defaults)
        self._ecom_write_putaway(results)
        return {r.key: r for r in results}

    @api.model
    def _ecom_bounds(self, location_ids):
        location_ids = tuple(i for i in location_ids if i)
        if not location_ids:
            return {}
        self.env.cr.execute("SELECT id, parent_left, parent_right FROM stock_location "
                            "WHERE id IN %s", (location_ids,))
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @api.model
    def _ecom_putaway_bins(self, zone_ids, extra_bin_ids, line_ids):
        self.env.cr.execute(BIN_QUERY, {
            "zones": tuple(zone_ids) or (0,),
            "bins": tuple(extra_bin_ids) or (0,),
            "exclude": tuple(line_ids) or (0,),
        })
        return [putaway.Bin(*row) for row in self.env.cr.fetchall()]

    @api.model
    def _ecom_write_putaway(self, results):
        """One UPDATE for all lines, then the ORM bookkeeping of ``_write``."""
        notes = {
            putaway.NOTHING_FITS: _(
                "No bin has room for this line: no fixed bin, preferred-zone "
                "bin or zone default bin with enough free capacity. Choose a "
                "destination by hand."),
        }
        self.env.cr.execute("""
            UPDATE stock_move_line ml
               SET location_dest_id = COALESCE(v.bin_id, ml.location_dest_id),
                   ecom_putaway_reason = v.reason, ecom_putaway_note = v.note,
                   write_uid = %s, write_date = now() at time zone 'UTC'
              FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS bin_id,
                           unnest(%s::varchar[]) AS reason,
                           unnest(%s::varchar[]) AS note) AS v
             WHERE ml.id = v.id
        """, (self.env.uid, [r.key for r in results],
              [r.bin_id or None for r in results], [r.reason for r in results],
              [notes.get(r.reason) for r in results]))
        lines = self.browse([result.key for result in results])
        names = ["location_dest_id", "ecom_putaway_reason", "ecom_putaway_note"]
        lines.invalidate_cache(names)
        lines.modified(names)
        lines.recompute()
