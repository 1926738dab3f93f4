# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.ecom_base.tools import bulk

from ..services import queries, staff


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecom_step_started_at = fields.Datetime(
        "Step Started", copy=False, readonly=True,
        help="Set by Start: the work on this transfer's current step began.")
    ecom_step_started_by = fields.Many2one(
        "res.users", "Step Started By", copy=False, readonly=True)

    @api.multi
    def action_ecom_start_step(self):
        """Start the work on these transfers (times the step)."""
        self.write({"ecom_step_started_at": fields.Datetime.now(),
                    "ecom_step_started_by": self.env.uid})
        return True

    @api.multi
    def action_ecom_checked(self):
        """Record a check of these transfers by the current user."""
        self._ecom_record_steps(role="check")
        return True

    @api.multi
    def action_done(self):
        res = super().action_done()
        self.filtered(lambda p: p.state == "done")._ecom_record_steps()
        return res

    @api.multi
    def put_in_pack(self):
        res = super().put_in_pack()
        self._ecom_record_steps(role="pack")
        return res

    # ------------------------------------------------------------ recording
    def _ecom_record_steps(self, role=None):
        """One ``ecom.staff.step`` per transfer (two for a one-step delivery:
        its user picked and shipped it), a few queries for all of them."""
        if not self.ids:
            return self.env["ecom.staff.step"]
        cr = self.env.cr
        cr.execute(queries.PICKING_STEPS, {"ids": self.ids})
        info = {row[0]: row[1:] for row in cr.fetchall()}
        dest_ids = [pid for pid, row in info.items()
                    if row[1] in ("receive", "putaway", "check")]
        cr.execute(queries.PICKING_LINES, {"ids": self.ids, "dest_ids": dest_ids})
        lines = {}
        for picking_id, _line, code, abc, qty in cr.fetchall():
            lines.setdefault(picking_id, []).append((code, abc, qty))
        cr.execute("""SELECT MAX(date_end) FROM ecom_staff_step
                       WHERE user_id = %s""", (self.env.uid,))
        previous = cr.fetchone()[0]
        previous = fields.Datetime.from_string(previous) if previous else None
        now = fields.Datetime.from_string(fields.Datetime.now())
        today = fields.Date.context_today(self)
        vals_list = []
        for picking in self:
            warehouse_id, picking_role, steps, company_id = info.get(
                picking.id, (None, None, None, None))
            roles = [role or picking_role]
            if not role and picking_role == "ship" and steps == "ship_only":
                roles = ["pick", "ship"]
            if not roles[0]:
                continue
            explicit = None
            if picking.ecom_step_started_by.id == self.env.uid:
                explicit = fields.Datetime.from_string(picking.ecom_step_started_at)
            start = staff.step_start(now, previous, explicit)
            picking_lines = lines.get(picking.id, [])
            for index, step_role in enumerate(roles):
                # the second step of a one-step delivery takes no extra time
                timed = start is not None and index == 0
                vals_list.append({
                    "user_id": self.env.uid, "role": step_role,
                    "picking_id": picking.id, "picking_name": picking.name,
                    "warehouse_id": warehouse_id, "company_id": company_id,
                    "date_start": fields.Datetime.to_string(start or now),
                    "date_end": fields.Datetime.to_string(now), "day": today,
                    "timed": timed,
                    "duration_hours": (now - start).total_seconds() / 3600.0
                    if timed else 0.0,
                    "lines": len(picking_lines),
                    "units": sum(line[2] for line in picking_lines),
                    "orders": 1 if step_role == "ship" else 0,
                    "expected_seconds": staff.expected_seconds(picking_lines)
                    if index == 0 else 0.0,
                })
            previous = now
        if self.filtered("ecom_step_started_at"):
            cr.execute("""UPDATE stock_picking SET ecom_step_started_at = NULL,
                                 ecom_step_started_by = NULL WHERE id = ANY(%s)""",
                       (self.ids,))
            self.invalidate_cache(
                ["ecom_step_started_at", "ecom_step_started_by"], self.ids)
        # sudo: the steps are written by the user doing the work, who may only
        # read their own (record rule); creating them is the system's job
        return bulk.create(self.env["ecom.staff.step"].sudo(), vals_list)
