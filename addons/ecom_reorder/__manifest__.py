# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Demand-driven Replenishment",
    "summary": "Demand-driven reorder rules, set-based replenishment into per-vendor "
               "RFQs, vendor scoring, receipt rejections, overstock alerts, promotions",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_base", "purchase", "stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-reorder.csv",
        "security/ecom_reorder_security.xml",
        "data/ecom_reorder_data.xml",
        "views/stock_warehouse_orderpoint_views.xml",
        "views/ecom_replenishment_run_views.xml",
        "views/ecom_promotion_views.xml",
        "views/ecom_overstock_line_views.xml",
        "views/ecom_vendor_scorecard_views.xml",
        "views/ecom_receipt_rejection_views.xml",
        "views/purchase_order_views.xml",
        "wizards/ecom_orderpoint_bulk_create_views.xml",
        "views/ecom_reorder_menus.xml",
    ],
    "demo": ["demo/ecom_reorder_demo.xml"],
    "installable": True,
}
