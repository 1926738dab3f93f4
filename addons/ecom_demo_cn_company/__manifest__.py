# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Demo Merchant Company (China)",
    "summary": "Demo data only: the main company becomes a Chinese merchant "
               "(China, Hangzhou, Asia/Shanghai) and Simplified Chinese is loaded, "
               "before accounting picks its chart of accounts",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    # base only: installed before 'account', whose install hook then picks the
    # Chinese localisation (l10n_cn) for the main company instead of l10n_us
    "depends": ["base"],
    "data": [],
    "demo": ["demo/res_company_demo.xml"],
    "installable": True,
}
