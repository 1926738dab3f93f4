# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Analytics",
    "summary": "Daily sales facts per channel, measured promotion lift, "
               "warehouse and customer service performance per role",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": [
        "ecom_base", "ecom_channel", "ecom_reorder", "ecom_bin_location",
        "report_xlsx",
    ],
    "data": [
        "security/ecom_analytics_security.xml",
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-analytics.csv",
        "data/ecom_analytics_data.xml",
        "views/ecom_sales_daily_views.xml",
        "views/ecom_sales_rebuild_views.xml",
        "views/ecom_promotion_views.xml",
        "views/ecom_staff_step_views.xml",
        "views/ecom_staff_kpi_views.xml",
        "views/ecom_cs_kpi_views.xml",
        "views/stock_picking_views.xml",
        "report/ecom_analytics_reports.xml",
        "views/ecom_analytics_menus.xml",
    ],
    "installable": True,
}
