# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Customer Data Guard with Field Encryption",
    "summary": "Bridge: customer fields are decrypted first, then masked for "
               "restricted roles, whatever order the two add-ons load in",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_pii_guard", "ecom_partner_encryption"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
