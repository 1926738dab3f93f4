# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def post_init_hook(cr, registry):
    """Warehouse costs and line margins of the existing stock moves and channel
    orders, set-based and in batches (the same run as "Rebuild costs"; not
    committed per batch here: the install is one transaction)."""
    env = api.Environment(cr, SUPERUSER_ID, {"ecom_margin_no_commit": True})
    run = env["ecom.cost.rebuild"].create({})
    run._run()
    _logger.info("ecom_margin: %s cost rows, %s margin lines at install",
                 run.rows_written, run.lines_written)
