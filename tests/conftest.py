"""Fixtures for the suite's integration and browser tests (run by make test).

``scripts/test.sh`` sets ECOM_ODOO_CONF, ECOM_TEST_DB (a fresh database with
the add-ons and their demo data), ECOM_ADDONS and ECOM_ARTIFACTS.
"""
import os

import pytest

from harness import roles
from harness.liveserver import LiveServer
from harness.rpc import login_as


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(
            "%s is not set: run these tests through 'make test'" % name, returncode=4
        )
    return value


@pytest.fixture(scope="session")
def artifacts_dir():
    default = os.path.join(os.path.dirname(__file__), "..", "artifacts")
    path = os.environ.get("ECOM_ARTIFACTS") or default
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def installed_addons():
    return set(_env("ECOM_ADDONS").split(","))


@pytest.fixture
def require_addons(installed_addons):
    """Skip a test whose add-ons a partial run (make test ADDONS=...) left out."""
    def check(*names):
        missing = [name for name in names if name not in installed_addons]
        if missing:
            pytest.skip("not installed in this run: %s" % ", ".join(missing))
    return check


@pytest.fixture(scope="session")
def odoo_server():
    """A real Odoo (2 workers) on free ports against the test database."""
    server = LiveServer(_env("ECOM_ODOO_CONF"), _env("ECOM_TEST_DB"), workers=2)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def rpc(odoo_server):
    """``rpc('warehouse_operator')`` -> XML-RPC client logged in as that demo role."""
    cache = {}

    def client(role):
        if role not in cache:
            cache[role] = login_as(odoo_server, roles.BY_ROLE[role])
        return cache[role]
    return client


@pytest.fixture(scope="session")
def browser_driver():
    from harness.browser import new_driver
    driver = new_driver()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def web_proxy(odoo_server):
    """Reverse proxy sending /longpolling to Odoo's gevent port, like nginx."""
    from harness.proxy import Proxy
    proxy = Proxy(odoo_server).start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def browser(browser_driver, web_proxy, artifacts_dir):
    from harness.browser import OdooBrowser
    browser_driver.get_log("browser")  # drop what earlier tests left
    return OdooBrowser(browser_driver, web_proxy.url, artifacts_dir)
