# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "E-commerce Operations: Login Security",
    "summary": "Second factor (TOTP) mandatory per role, lockout after failed logins "
               "per login and per IP, staff password policy, idle session timeout: "
               "glue over the OCA server-auth add-ons",
    "version": "11.0.1.0.0",
    "category": "E-commerce Operations",
    "author": "E-commerce Operations Suite",
    "website": "https://example.com/ecom-operations",
    "license": "LGPL-3",
    "depends": [
        "ecom_base",
        # OCA server-auth / server-tools 11.0, from PyPI (requirements-oca.txt)
        "auth_totp",
        "auth_brute_force",
        "password_security",
        "auth_session_timeout",
    ],
    "external_dependencies": {"python": ["pyotp"]},
    "data": [
        "security/ecom.gate.rule-security.csv",
        "data/ir_config_parameter_data.xml",
        "data/res_company_data.xml",
        "views/res_groups_views.xml",
        "views/res_authentication_attempt_views.xml",
        "views/totp_enrol_templates.xml",
    ],
    "demo": ["demo/ir_config_parameter_demo.xml"],
    "installable": True,
}
