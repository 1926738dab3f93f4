# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Costs and Margins",
    "summary": "Moving-average cost per warehouse and SKU with history, channel fees, "
               "packaging and shipping costs, contribution margin per order line, "
               "margin reports and XLSX export, below break-even list",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": [
        "ecom_channel",
        "ecom_reorder",
        "stock_account",
        "stock_landed_costs",
        "sale_margin",
        "report_xlsx",
    ],
    "data": [
        "security/ecom_margin_security.xml",
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-margin.csv",
        "data/ecom_margin_data.xml",
        "views/ecom_warehouse_cost_views.xml",
        "views/ecom_cost_rebuild_views.xml",
        "views/ecom_margin_line_views.xml",
        "views/ecom_break_even_line_views.xml",
        "views/ecom_channel_views.xml",
        "views/ecom_promotion_views.xml",
        "views/ecom_shipping_cost_views.xml",
        "wizards/ecom_break_even_refresh_views.xml",
        "report/ecom_margin_reports.xml",
        "views/ecom_margin_menus.xml",
    ],
    "demo": ["demo/ecom_margin_demo.xml"],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
