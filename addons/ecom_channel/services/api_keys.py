"""API keys of integration users and the web sessions they open.

Plain Python, no ORM (``models/ecom_api_key.py``, ``res_users.py`` and
``ir_http.py`` are the glue): the shape of a key, its stored hash, the
binding a web session opened with a key keeps, and which paths are the web
client's screens, which API-only sessions never get.
"""
import hashlib
import secrets

KEY_PREFIX = "ecomk_"
#: Characters of the key's hash kept in a web session opened with the key, so
#: a new secret for the same key ends the sessions of the old one.
SESSION_HASH_CHARS = 16
#: Characters of the key shown in the list of keys ("Key Starts With").
HINT_CHARS = 10

#: Where a session (re)authenticates: a revoked key's session is logged out
#: and the request goes on, so the client can log in again.
LOGIN_PATHS = ("/web/session/authenticate", "/web/session/logout",
               "/web/session/destroy", "/web/login")
#: Web-client screens and their bootstrap (``/web#...`` menus load through
#: ``/web`` and ``/web/action/load``); an API client needs none of them.
WEB_CLIENT_PATHS = ("/web", "/web/")
WEB_CLIENT_PREFIXES = ("/web/webclient/", "/web/action/", "/web/menu/",
                       "/web/tests", "/web/dataset/load", "/mail/init_messaging",
                       "/mail/client_action")
#: Client bootstrap an RPC library does call (odoorpc: server version).
API_CLIENT_PATHS = ("/web/webclient/version_info",)


def new_key():
    """A new secret: the prefix and 256 random bits, URL-safe."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key):
    # keys are 256-bit random tokens: a plain SHA-256 cannot be brute-forced and
    # lets the login find the key with one indexed '=' lookup.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def looks_like_key(value):
    """Whether a password is an API key (else it is checked as a password)."""
    return bool(value) and isinstance(value, str) and value.startswith(KEY_PREFIX)


def session_binding(key_id, key_hash):
    """What a web session opened with a key keeps: the key and its hash's start."""
    return "%d:%s" % (key_id, key_hash[:SESSION_HASH_CHARS])


def parse_binding(binding):
    """(key id, hash prefix) of :func:`session_binding`'s text, or None."""
    try:
        key_id, prefix = str(binding).split(":", 1)
        return int(key_id), prefix
    except ValueError:
        return None


def is_web_client_path(path):
    """Whether ``path`` is a web-client screen (refused to API-only sessions)."""
    path = path or ""
    if path in API_CLIENT_PATHS:
        return False
    return path in WEB_CLIENT_PATHS or path.startswith(WEB_CLIENT_PREFIXES)
