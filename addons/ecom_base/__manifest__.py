# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Base",
    "summary": "Roles, menus and shared helpers of the e-commerce operations suite",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["web", "stock", "sale_management", "purchase", "sales_team"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/ecom_base_security.xml",
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-web.csv",
        "data/ir_config_parameter_data.xml",
        "views/ecom_overview_views.xml",
        "views/ecom_base_menus.xml",
        "views/ecom_gate_rule_views.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "application": True,
    "installable": True,
}
