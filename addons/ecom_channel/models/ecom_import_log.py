# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class EcomImportLog(models.Model):
    """One import_orders call: counts by status and the rejected refs with codes.

    Holds refs, codes and field names only, never customer data (contracts.md).
    """

    _name = "ecom.import.log"
    _description = "Channel order import log"
    _order = "id desc"

    channel_id = fields.Many2one("ecom.channel", index=True, ondelete="cascade",
                                 readonly=True)
    channel_code = fields.Char(readonly=True, help="The code the caller sent.")
    user_id = fields.Many2one("res.users", string="Caller", readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    duration = fields.Float("Duration (s)", digits=(16, 3), readonly=True)
    count_total = fields.Integer("Orders", readonly=True)
    count_created = fields.Integer("Created", readonly=True)
    count_exists = fields.Integer("Already There", readonly=True)
    count_rejected = fields.Integer("Rejected", readonly=True)
    rejected_detail = fields.Text(
        "Rejected Orders", readonly=True,
        help="One line per rejected order: ref, code.")
    order_ids = fields.Many2many(
        "sale.order", "ecom_import_log_sale_order_rel", "log_id", "order_id",
        string="Created Orders", readonly=True,
        help="The orders this call created (their creator is the caller).")

    @api.model
    def _record(self, channel, channel_code, user, results, duration):
        counts = {"created": 0, "exists": 0, "rejected": 0}
        rejected = []
        for row in results:
            counts[row["status"]] += 1
            if row["status"] == "rejected":
                rejected.append("%s: %s" % (row["external_ref"] or "(no ref)",
                                            row["error_code"]))
        return self.sudo().create({
            "channel_id": channel.id,
            "channel_code": str(channel_code)[:64],
            "user_id": user.id,
            "duration": duration,
            "count_total": len(results),
            "count_created": counts["created"],
            "count_exists": counts["exists"],
            "count_rejected": counts["rejected"],
            "rejected_detail": "\n".join(rejected) or False,
            "order_ids": [(6, 0, [row["order_id"] for row in results
                                  if row["status"] == "created"])],
        })
