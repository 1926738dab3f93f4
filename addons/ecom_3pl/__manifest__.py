# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Third-party Warehouses (3PL)",
    "summary": "Real-time exchange with 3PL warehouses on OCA queue_job: signed "
               "outbox, idempotent ordered inbox, three-way stock reconciliation",
    "version": "11.0.1.1.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": ["ecom_base", "ecom_channel", "ecom_pii_guard", "queue_job",
                "stock", "delivery"],
    "data": [
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-3pl.csv",
        "security/ecom_3pl_security.xml",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "views/ecom_3pl_backend_views.xml",
        "views/ecom_3pl_message_views.xml",
        "views/ecom_3pl_reconciliation_views.xml",
        "wizards/ecom_3pl_adjust_views.xml",
        "views/ecom_3pl_menus.xml",
    ],
    "demo": ["demo/ecom_3pl_demo.xml"],
    "installable": True,
}
