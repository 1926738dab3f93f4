# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Demo Business (Chinese Merchant)",
    "summary": "Demo data only: a Chinese merchant's catalogue, vendors, two "
               "warehouses, 90 days of channel orders through the real intake, "
               "receipts put away, deliveries shipped, today's open work, "
               "Chinese-speaking demo users",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": [
        "ecom_demo_cn_company",
        "l10n_cn_standard",
        "ecom_base",
        "ecom_channel",
        "ecom_reorder",
        "ecom_bin_location",
    ],
    "data": [],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/ecom_demo_business.xml",
    ],
    "installable": True,
}
