# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    @api.multi
    def unlink(self):
        """The margin lines keep no key on their category: emptied here (the
        key's SET NULL), sub-categories included (deleted with their parent
        by the database)."""
        children = self.with_context(active_test=False).search(
            [("id", "child_of", self.ids)])
        self.env["ecom.margin.line"]._ecom_apply_ondelete(self._name, children.ids)
        return super().unlink()
