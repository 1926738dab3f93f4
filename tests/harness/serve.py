"""``make serve``'s HTTPS stack on free ports, for tests and the TLS bench.

Runs ``scripts/serve.sh --no-prepare`` itself (nginx with TLS in front of a
prefork Odoo bound to 127.0.0.1, as the unprivileged user when root) against
an existing database, with its own folder (configuration, logs, a fresh local
test CA) so that a running ``make serve`` is not disturbed. ``stop`` sends
SIGTERM to serve.sh, whose trap stops nginx and Odoo, as Ctrl+C does.

The stack is started once per test session and shared by the modules that
use it (:func:`shared_stack`).
"""
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import xmlrpc.client

from harness.liveserver import free_port

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_SHARED = {}


class ServeStack:
    def __init__(self, conf, db, workers=2):
        self.conf = os.path.abspath(conf)
        self.db = db
        self.workers = workers
        self.process = None
        self.dir = None

    # --- addresses -------------------------------------------------------
    @property
    def https_url(self):
        return "https://localhost:%d" % self.https_port

    @property
    def http_url(self):
        return "http://localhost:%d" % self.http_port

    @property
    def odoo_url(self):
        """Odoo itself, plain HTTP on loopback (what the proxy talks to)."""
        return "http://127.0.0.1:%d" % self.odoo_port

    @property
    def ca_path(self):
        return os.path.join(self.dir, "tls", "ca.crt")

    @property
    def odoo_conf(self):
        return os.path.join(self.dir, "odoo-serve.conf")

    def ssl_context(self):
        """A client context that trusts only the stack's test CA."""
        return ssl.create_default_context(cafile=self.ca_path)

    def xmlrpc(self, endpoint, **kwargs):
        """XML-RPC over HTTPS through nginx, verifying the certificate."""
        return xmlrpc.client.ServerProxy(
            "%s/xmlrpc/2/%s" % (self.https_url, endpoint),
            context=self.ssl_context(), allow_none=True, **kwargs)

    # --- life cycle ------------------------------------------------------
    def start(self, timeout=240):
        run_dir = os.path.dirname(self.conf)
        self.dir = tempfile.mkdtemp(prefix="serve-test-", dir=run_dir)
        os.chmod(self.dir, 0o755)  # nginx's workers and Odoo's user enter it
        self.https_port, self.http_port = free_port(), free_port()
        self.odoo_port, self.longpolling_port = free_port(), free_port()
        env = dict(os.environ, **{
            "ECOM_SERVE_DB": self.db,
            "ECOM_SERVE_DIR": self.dir,
            "ECOM_SERVE_BASE_CONF": self.conf,
            "ECOM_MASTER_PASSWORD_FILE": os.path.join(self.dir, "master-password"),
            "ECOM_TLS_DIR": os.path.join(self.dir, "tls"),
            "SERVE_HTTPS_PORT": str(self.https_port),
            "SERVE_HTTP_PORT": str(self.http_port),
            "SERVE_ODOO_PORT": str(self.odoo_port),
            "SERVE_LONGPOLLING_PORT": str(self.longpolling_port),
            "SERVE_WORKERS": str(self.workers),
            "SERVE_CRON_THREADS": "0",
            "SERVE_SERVER_NAME": "localhost",
            "SERVE_BIND": "0.0.0.0",
            "SERVE_TLS_CERT": "", "SERVE_TLS_KEY": "",
            # the test server (liveserver.py) runs the database's queue jobs;
            # a second job runner on the same database would race it
            "ODOO_QUEUE_JOB_CHANNELS": "root:0",
        })
        self.log_path = os.path.join(self.dir, "serve.sh.log")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [os.path.join(ROOT, "scripts", "serve.sh"), "--no-prepare"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=env, cwd=ROOT, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("serve.sh exited with %s: %s" % (
                    self.process.returncode, self.log_text()[-3000:]))
            if os.path.exists(self.ca_path):
                try:
                    with urllib.request.urlopen(
                            self.https_url + "/web/login", timeout=10,
                            context=self.ssl_context()) as response:
                        if response.status == 200:
                            return self
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("the HTTPS stack did not answer within %ss: %s" % (
            timeout, self.log_text()[-3000:]))

    def stop(self, timeout=45):
        """SIGTERM to serve.sh (its trap stops nginx and Odoo), then wait;
        the stack's folder goes unless ECOM_KEEP_SERVE_DIR=1."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if self.dir and os.environ.get("ECOM_KEEP_SERVE_DIR") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_text(self):
        with open(self.log_path, errors="replace") as handle:
            return handle.read()

    def odoo_log_text(self):
        with open(os.path.join(self.dir, "odoo.log"), errors="replace") as handle:
            return handle.read()


def shared_stack(request, conf, db):
    """One stack per test session, stopped at the end of the session."""
    key = (conf, db)
    if key not in _SHARED:
        stack = ServeStack(conf, db).start()
        _SHARED[key] = stack
        request.config.add_cleanup(stack.stop)
    return _SHARED[key]
