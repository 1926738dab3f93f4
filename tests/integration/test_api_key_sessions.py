"""A web session opened with an API key (as odoorpc opens one) against the live
2-worker server: it calls models like the key does over XML-RPC, it opens no
web-client screen, and revoking the key ends it on every worker at once.
"""
import itertools
from concurrent.futures import ThreadPoolExecutor
import re

import pytest
import requests

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _needs_channel(require_addons):
    require_addons("ecom_channel")


class JsonSession:
    """What odoorpc does: /web/session/authenticate, then /web/dataset/call_kw.

    A new connection per request, so a prefork server hands the requests to
    whichever worker accepts first.
    """

    def __init__(self, server):
        self.server = server
        self.http = requests.Session()
        self.http.headers["Connection"] = "close"

    def post(self, path, params):
        response = self.http.post(self.server.url + path, json={
            "jsonrpc": "2.0", "method": "call", "params": params, "id": next(_ids)},
            timeout=60)
        response.raise_for_status()
        return response.json()

    def login(self, login, password):
        return self.post("/web/session/authenticate", {
            "db": self.server.db, "login": login, "password": password})

    def call_kw(self, model, method, *args, **kwargs):
        return self.post("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def get(self, path):
        return self.http.get(self.server.url + path, allow_redirects=False,
                             timeout=60)


def _worker_pids(log_text, path, since):
    """Pids of the workers that logged a request for ``path`` after ``since``."""
    pids = set()
    for line in log_text[since:].splitlines():
        match = re.match(r"\S+ \S+ (\d+) INFO \S+ werkzeug: .*\"POST %s" % re.escape(
            path), line)
        if match:
            pids.add(match.group(1))
    return pids


def _new_key(rpc, name):
    manager = rpc("customer_service_manager")
    answer = manager.call("ecom.api.key", "create_key", rpc("integration").uid, name)
    return manager, answer


def test_key_session_calls_until_revoked_on_every_worker(odoo_server, rpc):
    manager, answer = _new_key(rpc, "odoorpc shop")
    # several sessions of the key, each used on whichever worker takes it
    shops = [JsonSession(odoo_server) for _i in range(12)]
    for shop in shops:
        logged = shop.login("integration", answer["key"])
        assert logged.get("result", {}).get("uid") == rpc("integration").uid, logged
        result = shop.call_kw("ecom.channel", "export_stock", "WEB",
                              skus=["TEA-LJ-250"])
        assert "error" not in result, result
        assert result["result"][0]["sku"] == "TEA-LJ-250"

    manager.call("ecom.api.key", "action_revoke", [answer["id"]])
    path = "/web/dataset/call_kw/ecom.channel/export_stock"
    since = len(odoo_server.log_text())
    # the first call of each session after the revocation, all at once: a
    # prefork worker serves one request at a time, so while one is busy the
    # other accepts; each is refused by the worker that takes it, from the
    # database (no cache to wait for)
    with ThreadPoolExecutor(max_workers=len(shops)) as pool:
        results = list(pool.map(
            lambda shop: shop.call_kw("ecom.channel", "export_stock", "WEB"), shops))
    for result in results:
        assert "result" not in result, result
        assert result["error"]["code"] == 100, result   # session expired
        assert "revoked" in result["error"]["data"]["message"], result
    refused_by = _worker_pids(odoo_server.log_text(), path, since)
    for shop in shops:
        # and the session is over: logged out for every worker
        again = shop.call_kw("ecom.channel", "export_stock", "WEB")
        assert again["error"]["code"] == 100, again
        assert shop.get("/web").status_code in (302, 303)
    # both workers refused on their own, not only the one that saw the revocation
    assert len(refused_by) >= 2, refused_by


def test_key_session_opens_no_web_client_screen(odoo_server, rpc):
    _manager, answer = _new_key(rpc, "no screens")
    shop = JsonSession(odoo_server)
    shop.login("integration", answer["key"])
    for path in ("/web", "/web/"):
        response = shop.get(path)
        assert response.status_code == 403, (path, response.status_code)
        assert "API only" in response.text
    refused = shop.post("/web/action/load", {"action_id": "base.action_res_users"})
    assert "error" in refused and "API only" in str(refused["error"]), refused
    menus = shop.post("/web/webclient/version_info", {})
    assert menus.get("result", {}).get("server_serie") == "11.0", menus


def test_password_session_of_the_api_role_opens_no_screen(odoo_server):
    session = JsonSession(odoo_server)
    logged = session.login("integration", "integration")
    assert logged.get("result", {}).get("uid"), logged
    response = session.get("/web")
    assert response.status_code == 403
    assert "API only" in response.text
