# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Channels",
    "summary": "Shops and marketplaces as channels: batch order intake over XML-RPC, "
               "per-channel stock export, order status, API keys",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_base", "sale_management", "sale_stock", "delivery"],
    "data": [
        "security/ecom_channel_security.xml",
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-channel.csv",
        "views/ecom_channel_views.xml",
        "views/ecom_import_log_views.xml",
        "views/ecom_api_key_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/ecom_channel_menus.xml",
    ],
    "demo": ["demo/ecom_channel_demo.xml"],
    "installable": True,
}
