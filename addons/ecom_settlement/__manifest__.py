# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Channel Settlements",
    "summary": "Platform payout batches imported over XML-RPC, matched to orders "
               "with expected amounts and classified variances",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_margin", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-settlement.csv",
        "views/ecom_settlement_views.xml",
    ],
    "installable": True,
}
