# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Channel Listings",
    "summary": "Platform SKUs, seller codes, bundles and multi-packs per channel: "
               "order intake by listing, stock export per listing, listing import",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_channel"],
    "data": [
        "security/ecom_listing_security.xml",
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-listing.csv",
        "views/ecom_channel_listing_views.xml",
        "views/ecom_channel_listing_line_views.xml",
        "views/ecom_listing_unmatched_views.xml",
        "views/ecom_channel_views.xml",
        "views/sale_order_views.xml",
        "wizards/ecom_listing_import_wizard_views.xml",
        "views/ecom_listing_menus.xml",
    ],
    "demo": ["demo/ecom_listing_demo.xml"],
    "installable": True,
}
