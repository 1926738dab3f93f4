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

        One query reads every candidate bin with its load; the engine
        (:mod:`..services.putaway`) decides; lines are written per bin.
        Lines whose rule finds no room keep their destination and get a
        note; lines of products without bin rules are left alone.
        """
        lines = self.filtered(lambda ml: ml.state not in ("done", "cancel"))
        if not lines:
            return {}
        Location = self.env["stock.location"]
        products = lines.mapped("product_id")
        zone_of = {p.id: p._ecom_putaway_zone() for p in products}
        fixed_of = {p.id: p.ecom_fixed_bin_id for p in products}
        zones = Location.browse({z.id for z in zone_of.values() if z})
        fixed = Location.browse({b.id for b in fixed_of.values() if b})
        defaults = {z.id: z.ecom_default_bin_id.id for z in zones
                    if z.ecom_default_bin_id}
        bins = self._ecom_putaway_bins(zones, fixed | Location.browse(
            list(defaults.values())), lines)
        inside = self._ecom_inside(lines, zones | fixed)
        engine_lines = []
        for line in lines:
            product = line.product_id
            dest = line.move_id.location_dest_id or line.location_dest_id
            fixed_bin = fixed_of[product.id]
            zone = zone_of[product.id]
            engine_lines.append(putaway.Line(
                key=line.id, qty=line.product_qty, unit_volume=product.volume,
                fixed_bin_id=fixed_bin.id if inside(fixed_bin, dest) else False,
                zone_id=zone.id if inside(zone, dest) else False))
        results = putaway.choose_bins(engine_lines, bins, defaults)
        self._ecom_write_putaway(lines, results)
        return {r.key: r for r in results}

    @api.model
    def _ecom_putaway_bins(self, zones, extra_bins, lines):
        self.env.cr.execute(BIN_QUERY, {
            "zones": tuple(zones.ids) or (0,),
            "bins": tuple(extra_bins.ids) or (0,),
            "exclude": tuple(lines.ids) or (0,),
        })
        return [putaway.Bin(*row) for row in self.env.cr.fetchall()]

    @api.model
    def _ecom_inside(self, lines, nodes):
        """A predicate: is ``node`` inside ``dest`` (parent_left/right)?"""
        bounds = {}
        for loc in nodes | lines.mapped("move_id.location_dest_id") \
                | lines.mapped("location_dest_id"):
            bounds[loc.id] = (loc.parent_left, loc.parent_right)

        def inside(node, dest):
            if not node or not dest:
                return False
            left, right = bounds[dest.id]
            return left <= bounds[node.id][0] <= right
        return inside

    @api.model
    def _ecom_write_putaway(self, lines, results):
        by_dest = {}
        by_reason = {}
        for result in results:
            if result.bin_id:
                by_dest.setdefault(result.bin_id, []).append(result.key)
            by_reason.setdefault(result.reason, []).append(result.key)
        for bin_id, line_ids in by_dest.items():
            self.browse(line_ids).write({"location_dest_id": bin_id})
        notes = {
            putaway.NOTHING_FITS: _(
                "No bin has room for this line: no fixed bin, preferred-zone "
                "bin or zone default bin with enough free capacity. Choose a "
                "destination by hand."),
        }
        for reason, line_ids in by_reason.items():
            self.browse(line_ids).write({
                "ecom_putaway_reason": reason,
                "ecom_putaway_note": notes.get(reason, False),
            })
