from odoo.tests.common import SavepointCase


class SecurityCase(SavepointCase):
    """Fixtures: ``_create_user(login, groups)`` with password == login."""

    @classmethod
    def setUpClass(cls):
        super(SecurityCase, cls).setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.cs_group = cls.env.ref("ecom_base.group_customer_service")

    @classmethod
    def _create_user(cls, login, groups):
        return cls.env["res.users"].create({
            "name": login, "login": login, "password": login,
            "groups_id": [(6, 0, groups.ids)],
        })
