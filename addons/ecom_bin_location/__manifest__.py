# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Bin Locations",
    "summary": "Warehouse zones and bins, capacity-aware putaway, bin-ordered "
               "picking, cycle counts by zone",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_base", "stock"],
    "data": [
        "security/ecom_bin_location_security.xml",
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-bin.csv",
        "data/ecom_bin_location_data.xml",
        "views/stock_location_views.xml",
        "views/product_views.xml",
        "views/stock_picking_views.xml",
        "views/stock_inventory_views.xml",
        "views/ecom_bin_count_plan_views.xml",
        "wizards/ecom_bin_generator_views.xml",
        "report/bin_label_report.xml",
        "report/report_picking.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/bin_location_demo.xml"],
    "installable": True,
}
