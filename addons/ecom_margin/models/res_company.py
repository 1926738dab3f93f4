# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.multi
    def unlink(self):
        """The margin lines and cost history keep no key on their company:
        emptied here, as the keys' SET NULL would."""
        self.env["ecom.margin.line"]._ecom_apply_ondelete(self._name, self.ids)
        return super().unlink()
