# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Channel Settlements",
    "summary": "Platform payout batches imported over XML-RPC or CSV, matched to "
               "orders with classified variances, posted to a clearing account "
               "reconciled with the bank, settled margins, finance reports",
    "version": "11.0.1.1.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_margin", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-settlement.csv",
        "data/ecom_settlement_data.xml",
        "views/ecom_settlement_views.xml",
        "views/ecom_channel_views.xml",
        "views/ecom_settlement_mapping_views.xml",
        "wizards/ecom_settlement_import_wizard_views.xml",
        "report/ecom_settlement_report_views.xml",
        "views/ecom_settlement_menus.xml",
    ],
    "demo": ["demo/ecom_settlement_demo.xml"],
    "installable": True,
}
