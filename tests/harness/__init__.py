"""Test harness shared by the suite's integration and browser tests.

- :mod:`harness.liveserver`: a real Odoo server (``--workers=2``) on free ports.
- :mod:`harness.rpc`: XML-RPC clients logged in as each demo role.
- :mod:`harness.browser`: headless Debian Chromium through Selenium.
- :mod:`harness.roles`: the demo users, one per role (also printed by make run).

The fixtures live in ``tests/conftest.py``.
"""
