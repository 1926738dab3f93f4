# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import codes, queries
from ..services.putaway import fill_ratio, fill_state  # noqa: F401 (API)

KIND_SELECTION = [
    ("zone", "Zone"),
    ("aisle", "Aisle"),
    ("rack", "Rack"),
    ("shelf", "Shelf"),
    ("bin", "Bin"),
]

# Quantity and volume on hand per location, in one grouped query.
LOAD_QUERY = queries.LOAD


class StockLocation(models.Model):
    """Warehouse layout: zones, aisles, racks, shelves and bins.

    A located node (``ecom_kind`` set) gets a structured code from its
    parents' codes (``WH-A-01-03-B``), unique per warehouse, and a barcode
    that defaults to the code. Bins carry a capacity in units and/or volume
    (m3, from the products' volume); their fill is computed for a whole
    recordset in one query.
    """

    _inherit = "stock.location"

    ecom_kind = fields.Selection(KIND_SELECTION, string="Layout Level", index=True)
    ecom_code_part = fields.Char(
        "Code Segment",
        help="This level's part of the code (e.g. 'A' for a zone, '03' for a "
             "rack). Empty: the location name is used.")
    ecom_code = fields.Char(
        "Bin Code", compute="_compute_ecom_code", store=True, index=True,
        help="Warehouse code and the segments of every layout level, e.g. "
             "WH-A-01-03-B.")
    ecom_warehouse_id = fields.Many2one(
        "stock.warehouse", "Layout Warehouse", compute="_compute_ecom_code",
        store=True, index=True)
    ecom_zone_id = fields.Many2one(
        "stock.location", "Zone", compute="_compute_ecom_code", store=True,
        index=True)
    ecom_capacity_units = fields.Float(
        "Capacity (Units)", digits=(16, 2),
        help="Most units the bin holds; 0 = not limited.")
    ecom_capacity_volume = fields.Float(
        "Capacity (m3)", digits=(16, 4),
        help="Most volume the bin holds, from the products' volume; 0 = not limited.")
    ecom_default_bin_id = fields.Many2one(
        "stock.location", "Default Bin",
        domain="[('ecom_kind', '=', 'bin')]",
        help="Zone only: where putaway sends goods that fit no bin of the zone.")
    ecom_used_units = fields.Float(
        "Units On Hand", compute="_compute_ecom_fill", digits=(16, 2))
    ecom_used_volume = fields.Float(
        "Volume On Hand (m3)", compute="_compute_ecom_fill", digits=(16, 4))
    ecom_fill_percent = fields.Float(
        "Fill %", compute="_compute_ecom_fill", digits=(16, 1))
    ecom_over_capacity = fields.Boolean(
        "Over Capacity", compute="_compute_ecom_fill",
        search="_search_ecom_over_capacity")
    ecom_is_empty = fields.Boolean(
        "Empty", compute="_compute_ecom_fill", search="_search_ecom_is_empty")

    _sql_constraints = [
        ("ecom_code_warehouse_uniq", "unique (ecom_warehouse_id, ecom_code)",
         "A bin code must be unique per warehouse."),
    ]

    @api.depends("ecom_kind", "ecom_code_part", "name", "location_id",
                 "location_id.ecom_code", "location_id.ecom_zone_id")
    def _compute_ecom_code(self):
        views = self._ecom_warehouse_views()
        for location in self:
            if not location.ecom_kind:
                location.ecom_code = False
                location.ecom_warehouse_id = False
                location.ecom_zone_id = False
                continue
            warehouse = location._ecom_find_warehouse(views)
            parent = location.location_id
            location.ecom_code = codes.node_code(
                location.ecom_kind, location.ecom_code_part, location.name,
                parent.ecom_code, warehouse.code if warehouse else False)
            location.ecom_warehouse_id = warehouse
            location.ecom_zone_id = (
                location if location.ecom_kind == "zone" else parent.ecom_zone_id)

    @api.model
    def _ecom_warehouse_views(self):
        warehouses = self.env["stock.warehouse"].search([])
        return {wh.view_location_id.id: wh for wh in warehouses}

    def _ecom_find_warehouse(self, views):
        node = self
        while node:
            if node.id in views:
                return views[node.id]
            if node.ecom_warehouse_id and node != self:
                return node.ecom_warehouse_id
            node = node.location_id
        return self.env["stock.warehouse"]

    def _compute_ecom_fill(self):
        loads = self._ecom_loads()
        for location in self:
            units, volume = loads.get(location.id, (0.0, 0.0))
            location.ecom_used_units = units
            location.ecom_used_volume = volume
            (location.ecom_fill_percent, location.ecom_over_capacity,
             location.ecom_is_empty) = fill_state(
                units, volume, location.ecom_capacity_units,
                location.ecom_capacity_volume)

    def _ecom_loads(self):
        """{location id: (units, volume)} on hand, one query for the recordset."""
        ids = tuple(i for i in self.ids if isinstance(i, int))
        if not ids:
            return {}
        self.env.cr.execute(queries.LOAD, (ids,))
        return {row[0]: (row[1] or 0.0, row[2] or 0.0)
                for row in self.env.cr.fetchall()}

    def _search_ecom_over_capacity(self, operator, value):
        self.env.cr.execute(queries.OVER_CAPACITY)
        ids = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", ids)]

    def _search_ecom_is_empty(self, operator, value):
        self.env.cr.execute(queries.NOT_EMPTY)
        ids = [row[0] for row in self.env.cr.fetchall()]
        empty = (operator == "=") == bool(value)
        return [("id", "not in" if empty else "in", ids)]

    @api.constrains("ecom_capacity_units", "ecom_capacity_volume")
    def _check_ecom_capacity(self):
        for location in self:
            if location.ecom_capacity_units < 0:
                raise ValidationError(_(
                    "Capacity (Units) of %s must not be negative.")
                    % location.display_name)
            if location.ecom_capacity_volume < 0:
                raise ValidationError(_(
                    "Capacity (m3) of %s must not be negative.")
                    % location.display_name)

    @api.constrains("ecom_code_part")
    def _check_ecom_code_part(self):
        for location in self:
            if not codes.code_part_is_valid(location.ecom_code_part):
                raise ValidationError(_(
                    "Code Segment %r must not contain %r or '/'.")
                    % (location.ecom_code_part, codes.SEPARATOR))

    @api.model
    def create(self, vals):
        location = super(StockLocation, self).create(vals)
        if location.ecom_kind and not vals.get("barcode") and location.ecom_code:
            location.barcode = location.ecom_code
        return location

    @api.multi
    def write(self, vals):
        # A barcode that equals the code follows the code when it changes.
        following = self.filtered(
            lambda loc: loc.ecom_code and loc.barcode == loc.ecom_code)
        before = {loc.id: loc.ecom_code for loc in following}
        res = super(StockLocation, self).write(vals)
        if "barcode" not in vals:
            for location_id, barcode in codes.labels_after_write(
                    (loc.id, before.get(loc.id), loc.ecom_code, loc.barcode)
                    for loc in self):
                self.browse(location_id).barcode = barcode
        return res

    @api.multi
    def action_ecom_print_labels(self):
        return self.env.ref(
            "ecom_bin_location.bin_label_report").report_action(self)
