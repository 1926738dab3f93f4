"""The demo users of ``ecom_base`` (demo data only): one per role.

Single source for the tests and for the banner ``make run`` prints; a test
checks that each login really holds its group in the demo database.
"""
from collections import namedtuple

DemoUser = namedtuple(
    "DemoUser", "role group login password sees_menu group_name sees_catalog")

DEMO_USERS = [
    DemoUser("warehouse_operator", "ecom_base.group_warehouse_operator",
             "wh_operator", "wh_operator", True,
             "Warehouse Operator", True),
    DemoUser("warehouse_manager", "ecom_base.group_warehouse_manager",
             "wh_manager", "wh_manager", True,
             "Warehouse Manager", True),
    DemoUser("customer_service", "ecom_base.group_customer_service",
             "cs_agent", "cs_agent", True,
             "Customer Service", True),
    DemoUser("customer_service_manager", "ecom_base.group_customer_service_manager",
             "cs_manager", "cs_manager", True,
             "Customer Service Manager", True),
    DemoUser("purchase_planner", "ecom_base.group_purchase_planner",
             "planner", "planner", True,
             "Purchase Planner", True),
    DemoUser("privacy_officer", "ecom_base.group_privacy_officer",
             "privacy_officer", "privacy_officer", True,
             "Privacy Officer", False),
    DemoUser("finance", "ecom_base.group_finance",
             "finance", "finance", True,
             "Finance / Controller", False),
    # Channel API users call XML-RPC only: no menus on purpose.
    DemoUser("integration", "ecom_base.group_integration",
             "integration", "integration", False,
             "Channel Integration (API)", False),
]
ADMIN = DemoUser("admin", "base.group_system", "admin", "admin", True,
                 "Warehouse Manager", True)
BY_ROLE = {user.role: user for user in DEMO_USERS + [ADMIN]}


def banner():
    lines = ["    Demo logins (login / password, demo data only):"]
    for user in [ADMIN] + DEMO_USERS:
        lines.append("      %-26s %-16s / %s" % (user.role, user.login, user.password))
    return "\n".join(lines)


if __name__ == "__main__":
    print(banner())
