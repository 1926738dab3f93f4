# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services import abc


class EcomBinCountPlan(models.Model):
    """How often each ABC class of one zone is counted.

    ``action_create_due_counts`` (also run daily by a cron) opens one
    inventory adjustment per class that is due, limited to the zone's bins
    and to the products of that class; validating it records the date.
    """

    _name = "ecom.bin.count.plan"
    _description = "Cycle Count Plan"
    _order = "zone_code, id"

    name = fields.Char(related="zone_id.ecom_code", readonly=True)
    zone_id = fields.Many2one(
        "stock.location", "Zone", required=True, ondelete="cascade",
        domain="[('ecom_kind', '=', 'zone')]")
    zone_code = fields.Char(related="zone_id.ecom_code", store=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", "Company", required=True,
        default=lambda self: self.env.user.company_id)
    active = fields.Boolean(default=True)
    a_interval_days = fields.Integer("Class A Every (Days)", default=30)
    b_interval_days = fields.Integer("Class B Every (Days)", default=90)
    c_interval_days = fields.Integer("Class C Every (Days)", default=365)
    last_a_date = fields.Date("Class A Last Counted")
    last_b_date = fields.Date("Class B Last Counted")
    last_c_date = fields.Date("Class C Last Counted")
    inventory_ids = fields.One2many(
        "stock.inventory", "ecom_count_plan_id", "Counts", readonly=True)
    due_classes = fields.Char("Due", compute="_compute_due_classes")

    _sql_constraints = [
        ("zone_uniq", "unique (zone_id)", "A zone has one cycle-count plan."),
    ]

    @api.depends("a_interval_days", "b_interval_days", "c_interval_days",
                 "last_a_date", "last_b_date", "last_c_date")
    def _compute_due_classes(self):
        for plan in self:
            plan.due_classes = ", ".join(c.upper() for c in plan._due_classes())

    @api.constrains("a_interval_days", "b_interval_days", "c_interval_days")
    def _check_intervals(self):
        for plan in self:
            cls = abc.negative_interval(plan._intervals())
            if cls:
                raise ValidationError(_(
                    "Class %s Every (Days) must not be negative.") % cls.upper())

    def _intervals(self):
        """{class: days between two counts} of this plan."""
        return {cls: self["%s_interval_days" % cls] for cls in abc.CLASSES}

    def _due_classes(self, today=None):
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        return abc.due_classes(
            {cls: fields.Date.from_string(self["last_%s_date" % cls])
             for cls in abc.CLASSES}, self._intervals(), today)

    def _open_classes(self):
        """Classes with a count of this plan still in progress."""
        return set(self.inventory_ids.filtered(
            lambda i: i.state in ("draft", "confirm")).mapped("ecom_abc_class"))

    @api.multi
    def action_create_due_counts(self):
        inventories = self.env["stock.inventory"]
        for plan in self:
            for cls in abc.classes_to_open(plan._due_classes(),
                                           plan._open_classes()):
                inventories |= plan._create_count(cls)
        return self._action_show(inventories)

    @api.multi
    def action_count_class(self, abc_class):
        self.ensure_one()
        if abc_class not in abc.CLASSES:
            raise UserError(_("ABC class %r is unknown; use a, b or c.") % abc_class)
        if abc_class in self._open_classes():
            raise UserError(_("A class %s count of zone %s is already in progress.")
                            % (abc_class.upper(), self.zone_id.ecom_code))
        return self._action_show(self._create_count(abc_class))

    def action_count_a(self):
        return self.action_count_class("a")

    def action_count_b(self):
        return self.action_count_class("b")

    def action_count_c(self):
        return self.action_count_class("c")

    def _create_count(self, abc_class):
        inventory = self.env["stock.inventory"].create({
            "name": _("Cycle count %s class %s") % (
                self.zone_id.ecom_code, abc_class.upper()),
            "location_id": self.zone_id.id,
            "filter": "none",
            "company_id": self.company_id.id,
            "ecom_count_plan_id": self.id,
            "ecom_abc_class": abc_class,
        })
        inventory.action_start()
        return inventory

    def _action_show(self, inventories):
        action = self.env.ref("stock.action_inventory_form").read()[0]
        action["domain"] = [("id", "in", inventories.ids)]
        action["context"] = {}
        return action

    @api.model
    def _cron_create_due_counts(self):
        self.search([]).action_create_due_counts()
