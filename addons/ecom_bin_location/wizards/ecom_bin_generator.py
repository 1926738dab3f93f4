# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ecom_base.tools import bulk

from ..services import codes, queries

CHUNK = 1000
ZONE_CODE_RE = codes.ZONE_CODE_RE


class EcomBinGenerator(models.TransientModel):
    """Build a zone x aisles x racks x shelves x bins grid in one go.

    The missing nodes come from :func:`..services.codes.plan_grid`, so a
    second run creates nothing. Rows are inserted in batches (one INSERT per
    thousand locations) and the nested set of ``stock.location``
    (``parent_left``/``parent_right``, Odoo 11 ``_parent_store``) is
    renumbered once for the subtree of the parent location, instead of
    shifting the whole table for every new location as ``create`` does.
    """

    _name = "ecom.bin.generator"
    _description = "Bin Grid Generator"

    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.user.company_id.id)], limit=1))
    parent_location_id = fields.Many2one(
        "stock.location", "Parent Location",
        help="Where the zone hangs; empty: the warehouse's stock location.")
    zone_code = fields.Char(required=True, default="A")
    zone_name = fields.Char(help="Empty: the zone code.")
    aisle_count = fields.Integer("Aisles", default=2)
    rack_count = fields.Integer("Racks per Aisle", default=2)
    shelf_count = fields.Integer("Shelves per Rack", default=2,
                                 help="0: no shelf level.")
    bin_count = fields.Integer("Bins per Shelf", default=3)
    aisle_pattern = fields.Char(default="{n:02d}", required=True,
                                help="{n} number, {n:02d} zero-padded, {a} letter.")
    rack_pattern = fields.Char(default="{n:02d}", required=True)
    shelf_pattern = fields.Char(default="{n:02d}", required=True)
    bin_pattern = fields.Char(default="{a}", required=True)
    bin_capacity_units = fields.Float("Bin Capacity (Units)", digits=(16, 2))
    bin_capacity_volume = fields.Float("Bin Capacity (m3)", digits=(16, 4))
    created_count = fields.Integer("Created", readonly=True)
    bin_created_count = fields.Integer("Bins Created", readonly=True)
    existing_count = fields.Integer("Already There", readonly=True)
    zone_id = fields.Many2one("stock.location", "Zone", readonly=True)

    @api.onchange("warehouse_id")
    def _onchange_warehouse_id(self):
        self.parent_location_id = self.warehouse_id.lot_stock_id

    def _levels(self):
        return [
            ("aisle", self.aisle_count, self.aisle_pattern, "aisle_pattern"),
            ("rack", self.rack_count, self.rack_pattern, "rack_pattern"),
            ("shelf", self.shelf_count, self.shelf_pattern, "shelf_pattern"),
            ("bin", self.bin_count, self.bin_pattern, "bin_pattern"),
        ]

    @api.multi
    def action_generate(self):
        self.ensure_one()
        result = self._generate()
        self.write(result)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _generate(self):
        """Create the missing nodes; returns counters for the wizard."""
        self.env["stock.location"].check_access_rights("create")
        try:
            zone_part = codes.check_zone_code(self.zone_code)
        except codes.CodeError:
            raise UserError(_("Zone Code %r must be letters and digits only.")
                            % (self.zone_code or ""))
        for field in ("aisle_count", "rack_count", "shelf_count", "bin_count"):
            if self[field] < 0:
                raise UserError(_("%s must not be negative.")
                                % self._fields[field].string)
        warehouse = self.warehouse_id
        parent = self.parent_location_id or warehouse.lot_stock_id
        zone_code = codes.build_code(warehouse.code, zone_part)
        existing = self._existing_nodes(warehouse, zone_code)
        try:
            plan = codes.plan_grid(zone_code, self._levels(), existing)
        except codes.CodeError as exc:
            label = self._fields[exc.field].string if exc.field in self._fields \
                else exc.field
            raise UserError(_("%s: %s") % (label, exc.message))
        self._check_barcodes(plan, parent.company_id or warehouse.company_id)
        ids = dict(existing)
        if plan:
            self._insert_nodes(plan, ids, parent, warehouse)
            if len(plan) > 500:
                # fresh statistics, or the planner still sees the small table
                # of before and joins the renumbering by sequential scans
                self.env.cr.execute("ANALYZE stock_location")
            self._renumber_subtree(parent)
            self.env["stock.location"].invalidate_cache()
        zone = self.env["stock.location"].browse(ids[zone_code])
        return {
            "created_count": len(plan),
            "bin_created_count": sum(1 for n in plan if n["kind"] == "bin"),
            "existing_count": len(existing),
            "zone_id": zone.id,
        }

    def _existing_nodes(self, warehouse, zone_code):
        """{code: id} of the zone and everything coded below it."""
        self.env.cr.execute(queries.EXISTING_NODES, (
            warehouse.id, zone_code, codes.below_pattern(zone_code)))
        return dict(self.env.cr.fetchall())

    def _check_barcodes(self, plan, company):
        wanted = [node["code"] for node in plan]
        if not wanted:
            return
        self.env.cr.execute(queries.TAKEN_BARCODES,
                            (tuple(wanted), company.id or None))
        taken = [row[0] for row in self.env.cr.fetchall()]
        if taken:
            raise UserError(_(
                "Barcode already used by another location: %s. Rename those "
                "locations or choose another Zone Code.") % ", ".join(taken))

    def _base_values(self, company):
        """Defaults of every stored plain column, as ``create`` would set them."""
        Location = self.env["stock.location"]
        names = [name for name, field in Location._fields.items()
                 if field.store and field.column_type and not field.compute
                 and not field.related and name not in models.MAGIC_COLUMNS
                 and name not in ("parent_left", "parent_right")]
        defaults = Location.default_get(names)
        defaults.update({"usage": "internal", "active": True,
                         "company_id": company.id or False})
        return defaults

    def _insert_nodes(self, plan, ids, parent, warehouse):
        Location = self.env["stock.location"]
        company = parent.company_id or warehouse.company_id
        base = self._base_values(company)
        self.env.cr.execute(queries.NODE_INFO,
                            (tuple(set(ids.values()) | {parent.id}),))
        info = {row[0]: {"complete_name": row[1], "pos": tuple(
            v or 0 for v in row[2:])} for row in self.env.cr.fetchall()}
        for chunk in codes.chunks_by_depth(plan, CHUNK):
            # one depth per chunk, so every parent of the chunk has an id
            rows = []
            for node in chunk:
                name = codes.node_name(node, self.zone_name)
                if node["kind"] == "zone":
                    parent_id = parent.id
                    zone_id = None
                else:
                    parent_id = ids[node["parent_code"]]
                    zone_id = ids[codes.zone_code_of(node["code"], warehouse.code)]
                pos = codes.node_position(info[parent_id]["pos"], node["kind"],
                                          node["index"])
                is_bin = node["kind"] == "bin"
                vals = dict(base, **{
                    "name": name,
                    "location_id": parent_id,
                    "barcode": node["code"],
                    "ecom_kind": node["kind"],
                    "ecom_code_part": node["part"],
                    "ecom_capacity_units": self.bin_capacity_units if is_bin else 0.0,
                    "ecom_capacity_volume":
                        self.bin_capacity_volume if is_bin else 0.0,
                    "posx": pos[0], "posy": pos[1], "posz": pos[2],
                })
                row = {name_: Location._fields[name_].convert_to_column(
                    value, Location) for name_, value in vals.items()}
                row.update({
                    "complete_name": "%s/%s" % (
                        info[parent_id]["complete_name"], name),
                    "ecom_code": node["code"],
                    "ecom_warehouse_id": warehouse.id,
                    "ecom_zone_id": zone_id,
                })
                rows.append((node, row))
            # stock.location keeps a parent store (numbered by
            # _renumber_subtree afterwards): rows go in as computed here
            new_ids = bulk.insert_rows(Location, [row for _n, row in rows])
            zones = []
            for (node, row), new_id in zip(rows, new_ids):
                ids[node["code"]] = new_id
                info[new_id] = {"complete_name": row["complete_name"],
                                "pos": (row["posx"], row["posy"], row["posz"])}
                if node["kind"] == "zone":
                    zones.append(new_id)
            if zones:
                # a zone is its own zone
                self.env.cr.execute(queries.ZONE_IS_ITS_OWN, (zones,))

    def _renumber_subtree(self, root):
        """Give ``root``'s subtree consecutive parent_left/right numbers.

        Siblings are ordered like Odoo's ``_parent_store_compute``
        (``_parent_order`` = name, then id); the rest of the table is shifted
        once by the growth of the subtree.
        """
        cr = self.env.cr
        cr.execute(queries.NODE_BOUNDS, (root.id,))
        left, right = cr.fetchone()
        cr.execute(queries.SUBTREE, (root.id,))
        children, count = codes.children_by_parent(cr.fetchall())
        delta = codes.subtree_growth(count, left, right)
        if delta:
            cr.execute(queries.SHIFT_LEFT, (delta, right))
            cr.execute(queries.SHIFT_RIGHT, (delta, right))
        numbers = codes.nested_set(root.id, children, left)
        ids = list(numbers)
        cr.execute(queries.SET_BOUNDS, (
            ids, [numbers[i][0] for i in ids], [numbers[i][1] for i in ids]))


def _chunks_by_depth(plan):
    return codes.chunks_by_depth(plan, CHUNK)


zone_code_of = codes.zone_code_of
