"""Builders shared by the ORM tests of ecom_bin_location.

Fixtures are created as admin; every test then acts through ``self.operator_env``
or ``self.manager_env`` (warehouse roles), never as admin.
"""
from odoo.tests.common import SavepointCase


class BinCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.stock = cls.warehouse.lot_stock_id
        cls.operator = cls._create_user("bin_operator", "group_warehouse_operator")
        cls.manager = cls._create_user("bin_manager", "group_warehouse_manager")
        cls.operator_env = cls.env(user=cls.operator)
        cls.manager_env = cls.env(user=cls.manager)

    @classmethod
    def _create_user(cls, login, role):
        groups = cls.env.ref("ecom_base.%s" % role) | cls.env.ref("base.group_user")
        return cls.env["res.users"].create({
            "name": login, "login": login, "email": "%s@example.com" % login,
            "groups_id": [(6, 0, groups.ids)],
        })

    @classmethod
    def _generate(cls, zone_code, aisles=1, racks=1, shelves=0, bins=4,
                  capacity=0.0, volume=0.0, **patterns):
        """Run the generator as the warehouse manager; returns the zone."""
        wizard = cls.manager_env["ecom.bin.generator"].create(dict({
            "warehouse_id": cls.warehouse.id,
            "parent_location_id": cls.stock.id,
            "zone_code": zone_code,
            "aisle_count": aisles, "rack_count": racks,
            "shelf_count": shelves, "bin_count": bins,
            "bin_capacity_units": capacity, "bin_capacity_volume": volume,
        }, **patterns))
        wizard.action_generate()
        return wizard

    @classmethod
    def _bins(cls, zone):
        return cls.env["stock.location"].search(
            [("ecom_zone_id", "=", zone.id), ("ecom_kind", "=", "bin")],
            order="ecom_code")

    @classmethod
    def _create_product(cls, name, volume=0.0, fixed_bin=None, zone=None,
                        categ=None, price=1.0):
        vals = {
            "name": name, "default_code": name, "type": "product",
            "volume": volume, "standard_price": price,
            "ecom_fixed_bin_id": fixed_bin.id if fixed_bin else False,
            "ecom_preferred_zone_id": zone.id if zone else False,
        }
        if categ:
            vals["categ_id"] = categ.id
        return cls.env["product.product"].create(vals)

    @classmethod
    def _put_stock(cls, product, location, qty):
        cls.env["stock.quant"]._update_available_quantity(product, location, qty)

    def _receive(self, lines, env=None):
        """Confirm a receipt of ``[(product, qty)]`` as the warehouse operator."""
        env = env or self.operator_env
        picking_type = self.warehouse.in_type_id
        picking = env["stock.picking"].create({
            "picking_type_id": picking_type.id,
            "location_id": self.env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": self.stock.id,
            "move_lines": [(0, 0, {
                "name": product.name, "product_id": product.id,
                "product_uom_qty": qty, "product_uom": product.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
            }) for product, qty in lines],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _deliver(self, lines, env=None):
        env = env or self.operator_env
        customers = self.env.ref("stock.stock_location_customers")
        picking = env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.stock.id,
            "location_dest_id": customers.id,
            "move_lines": [(0, 0, {
                "name": product.name, "product_id": product.id,
                "product_uom_qty": qty, "product_uom": product.uom_id.id,
                "location_id": self.stock.id,
                "location_dest_id": customers.id,
            }) for product, qty in lines],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking
