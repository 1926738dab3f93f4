# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Partner Field Encryption",
    "summary": "Customer e-mail, phones, street and VAT encrypted at rest "
               "(AES-256-GCM, versioned keys, rotation, blind-index exact search)",
    "version": "11.0.1.1.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["base", "mail", "ecom_base"],
    "external_dependencies": {"python": ["cryptography", "phonenumbers"]},
    "data": ["views/res_partner_views.xml"],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
