"""XML-RPC clients, one per demo role, as shops and integrations see the server."""
import xmlrpc.client


class RpcClient:
    """Logged-in XML-RPC session: ``client.call(model, method, *args, **kw)``."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.db = db
        self.login = login
        self.password = password
        proxy = xmlrpc.client.ServerProxy
        self.common = proxy(url + "/xmlrpc/2/common", allow_none=True)
        self.object = proxy(url + "/xmlrpc/2/object", allow_none=True)
        self.uid = self.common.authenticate(db, login, password, {})
        if not self.uid:
            raise PermissionError("XML-RPC login refused for %r" % login)

    def call(self, model, method, *args, **kwargs):
        return self.object.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def ref(self, xmlid):
        """Database id of an XML id (read as this user: needs ir.model.data access)."""
        module, name = xmlid.split(".")
        domain = [("module", "=", module), ("name", "=", name)]
        rows = self.call("ir.model.data", "search_read", domain, fields=["res_id"])
        return rows[0]["res_id"] if rows else False


def login_as(server, user):
    """Client for a :class:`harness.roles.DemoUser` against a live server."""
    return RpcClient(server.url, server.db, user.login, user.password)
