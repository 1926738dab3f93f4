# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..services import putaway, queries

REASON_SELECTION = [
    (putaway.FIXED, "Fixed bin"),
    (putaway.FIRST_FIT, "First fit in preferred zone"),
    (putaway.ZONE_DEFAULT, "Zone default bin"),
    (putaway.NOTHING_FITS, "Nothing fits"),
    (putaway.UNMANAGED, "No bin rule"),
]

# Load of bins: on hand plus open move lines already headed there.
BIN_QUERY = queries.PUTAWAY_BINS


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
        cr.execute(queries.PUTAWAY_LINES, (tuple(self.ids),))
        rows = cr.fetchall()
        if not rows:
            return {}
        zone_ids = {row[4] for row in rows if row[4]}
        fixed_ids = {row[3] for row in rows if row[3]}
        defaults = {}
        if zone_ids:
            cr.execute(queries.ZONE_DEFAULTS, (tuple(zone_ids),))
            defaults = dict(cr.fetchall())
        bounds = self._ecom_bounds(
            zone_ids | fixed_ids | {row[2] for row in rows})
        bins = self._ecom_putaway_bins(zone_ids, fixed_ids | set(defaults.values()),
                                       [row[0] for row in rows])
        results = putaway.choose_bins(putaway.engine_lines(rows, bounds), bins,
                                      defaults)
        self._ecom_write_putaway(results)
        return {r.key: r for r in results}

    @api.model
    def _ecom_bounds(self, location_ids):
        location_ids = tuple(i for i in location_ids if i)
        if not location_ids:
            return {}
        self.env.cr.execute(queries.BOUNDS, (location_ids,))
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @api.model
    def _ecom_putaway_bins(self, zone_ids, extra_bin_ids, line_ids):
        self.env.cr.execute(queries.PUTAWAY_BINS, {
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
        self.env.cr.execute(queries.WRITE_PUTAWAY, (
            self.env.uid, [r.key for r in results],
            [r.bin_id or None for r in results], [r.reason for r in results],
            [notes.get(r.reason) for r in results]))
        lines = self.browse([result.key for result in results])
        names = ["location_dest_id", "ecom_putaway_reason", "ecom_putaway_note"]
        lines.invalidate_cache(names)
        lines.modified(names)
        lines.recompute()
