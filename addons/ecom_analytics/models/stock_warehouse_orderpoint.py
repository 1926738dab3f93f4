# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    def _suggest_one(self, sales, stockouts, promos, vendor, today):
        """ecom_reorder's suggestion; its explanation names the uplift measured
        on similar past promotions beside the planned one."""
        suggestion = super()._suggest_one(sales, stockouts, promos, vendor, today)
        notes = []
        for entry in promos:
            measured = getattr(entry, "measured_uplift", None)
            if measured is None or entry[1] < today:
                continue
            notes.append(_(
                "promotion %(name)s: planned %(planned)+.0f%%, measured on "
                "similar past promotions %(measured)+.0f%%") % {
                    "name": entry.promotion_name, "planned": entry[2],
                    "measured": measured})
        if not notes:
            return suggestion
        return suggestion._replace(explanation="%s; %s" % (
            suggestion.explanation, "; ".join(notes)))
