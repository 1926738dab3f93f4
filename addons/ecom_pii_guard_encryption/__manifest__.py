# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Customer Data Guard with Field Encryption",
    "summary": "Bridge: customer fields are decrypted first, then masked for "
               "restricted roles, whatever order the two add-ons load in; "
               "outgoing e-mail bodies and payment copies encrypted at rest",
    "version": "11.0.1.1.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": [
        "ecom_pii_guard", "ecom_partner_encryption", "mail", "payment",
    ],
    "data": [],
    "auto_install": True,
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
