"""Fixtures for the ORM tests: a contact manager user, key configuration patches."""
import base64
import contextlib
import os
from unittest import mock

from odoo.tests.common import SavepointCase
from odoo.tools import config

from ..services import keyring

OPTIONS = (keyring.DATA_OPTION, keyring.INDEX_OPTION)
ENVIRON = (keyring.DATA_ENV, keyring.INDEX_ENV)


def key_entry(kid, byte):
    return "%s:%s" % (kid, base64.b64encode(bytes([byte]) * 32).decode())


def current_keys():
    """The (data, index) key configuration this test run uses."""
    data = os.environ.get(keyring.DATA_ENV) or config.get(keyring.DATA_OPTION)
    index = os.environ.get(keyring.INDEX_ENV) or config.get(keyring.INDEX_OPTION)
    return data, index


@contextlib.contextmanager
def keys(data, index):
    """Run with exactly these keys (None = not configured)."""
    env = {name: "" for name in ENVIRON}
    with mock.patch.dict(os.environ, env), \
            mock.patch.dict(config.options, {
                keyring.DATA_OPTION: data, keyring.INDEX_OPTION: index}):
        yield


class EncryptionCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       no_reset_password=True))
        cls.user = cls.env["res.users"].create({
            "name": "Contact manager (encryption tests)",
            "login": "enc_contact_manager",
            "email": "enc.manager@example.org",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("base.group_partner_manager").id])],
        })
        cls.partners = cls.env["res.partner"].sudo(cls.user)

    def column(self, partner, field):
        self.env.cr.execute(
            'SELECT "%s", "%s_bidx" FROM res_partner WHERE id = %%s' % (field, field),
            (partner.id,))
        return self.env.cr.fetchone()

    def fresh(self, records):
        records.invalidate_cache()
        return records
