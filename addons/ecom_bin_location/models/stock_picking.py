# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import codes, putaway


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_putaway_warning = fields.Text(
        "Putaway Warning", compute="_compute_ecom_putaway_warning")

    @api.depends("move_line_ids.ecom_putaway_reason")
    def _compute_ecom_putaway_warning(self):
        for picking in self:
            failed = picking.move_line_ids.filtered(
                lambda ml: ml.ecom_putaway_reason == putaway.NOTHING_FITS
                and ml.state not in ("done", "cancel"))
            if failed:
                picking.ecom_putaway_warning = _(
                    "Nothing fits for %d line(s): %s. Set their destination by "
                    "hand or free some bins, then run putaway again.") % \
                    putaway.nothing_fits_summary(
                        failed.mapped("product_id.display_name"))
            else:
                picking.ecom_putaway_warning = False

    @api.multi
    def action_ecom_putaway(self):
        """Run putaway again on every open line of these receipts."""
        if any(p.picking_type_id.code != "incoming" for p in self):
            raise UserError(_("Putaway runs on receipts only."))
        lines = self.mapped("move_line_ids").filtered(
            lambda ml: ml.state not in ("done", "cancel"))
        # back to the receipt's destination, so each line is placed afresh
        by_dest = putaway.reset_destinations(
            (ml.id, ml.move_id.location_dest_id.id, ml.location_dest_id.id)
            for ml in lines)
        for dest_id, line_ids in by_dest.items():
            self.env["stock.move.line"].browse(line_ids).write(
                {"location_dest_id": dest_id})
        lines._ecom_apply_putaway()
        return True

    @api.multi
    def ecom_bin_ordered_lines(self):
        """Move lines in walking order (bin code, then product) for the report."""
        self.ensure_one()
        return self.move_line_ids.sorted(key=lambda ml: codes.walking_key(
            ml.location_id.ecom_code, ml.location_id.complete_name,
            ml.product_id.default_code, ml.id))
