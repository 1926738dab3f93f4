# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: After-sales (RMA)",
    "summary": "Returns, refunds, exchanges and reships per channel: import from "
               "the marketplaces, returns receipt, inspection and disposition, "
               "credit notes, ledger of refunds vs returned goods, return rates",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": [
        "ecom_base", "ecom_channel", "ecom_bin_location", "ecom_reorder",
        "ecom_pii_guard", "account",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-rma.csv",
        "security/ecom_rma_security.xml",
        "data/ecom_rma_data.xml",
        "views/ecom_rma_views.xml",
        "views/ecom_rma_refund_views.xml",
        "views/ecom_rma_ledger_views.xml",
        "views/sale_order_views.xml",
        "views/ecom_rma_menus.xml",
    ],
    "installable": True,
}
