# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Customer Data Guard",
    "summary": "Warehouse staff never see customer data, customer service limited "
               "to its channels, purpose-bound reveal, tamper-evident audit trails",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": [
        "ecom_base", "ecom_channel", "mail", "stock", "sale_stock", "purchase",
        "account", "payment", "portal", "auth_signup",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ecom.gate.rule-audit.csv",
        "security/ecom.gate.rule-pii.csv",
        "security/ecom_pii_guard_security.xml",
        "security/ecom_pii_guard_users_rules.xml",
        "security/ecom_pii_guard_cs_rules.xml",
        "security/ecom_pii_guard_mail_security.xml",
        "data/ir_config_parameter_data.xml",
        "report/shipping_label.xml",
        "report/purchase_order_templates.xml",
        "report/stock_picking_templates.xml",
        "wizards/ecom_pii_reveal_wizard_views.xml",
        "wizards/ecom_audit_verify_wizard_views.xml",
        "views/ecom_pii_access_log_views.xml",
        "views/ecom_stock_audit_log_views.xml",
        "views/res_partner_views.xml",
        "views/stock_picking_views.xml",
        "views/ecom_pii_consent_views.xml",
        "views/ecom_pii_guard_menus.xml",
    ],
    "installable": True,
    # masks e-mails and tokens in the server log (services/log_filter.py)
    "post_load": "install_log_filter",
}
