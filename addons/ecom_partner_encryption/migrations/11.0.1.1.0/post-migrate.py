"""11.0.1.1.0: phones are indexed as E.164 by the suite's one normaliser
(ecom_base/services/contact.py, the company's country as default region), and
values without a searchable form get the no-form marker: rebuild the blind
index of every partner, resumable, with progress in the log."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._ecom_reindex_resumable()
