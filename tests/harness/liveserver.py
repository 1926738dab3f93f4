"""A real Odoo server for integration tests.

Started as a separate process (``--workers=2``, prefork, like production) on
free ports against the test database; ``start`` waits until ``/web/login``
answers. ``kill`` sends SIGKILL to the whole process group, to test what a
crash in the middle of a request leaves behind; ``start`` again restarts.
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, conf, db, workers=2, log_dir=None, extra_args=()):
        self.conf = conf
        self.db = db
        self.workers = workers
        self.log_dir = log_dir or os.path.dirname(conf)
        self.extra_args = list(extra_args)
        self.port = None
        self.longpolling_port = None
        self.process = None
        self.log_path = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def _command(self):
        odoo = os.path.join(os.path.dirname(sys.executable), "odoo")
        return [
            odoo, "-c", self.conf, "-d", self.db, "--db-filter=^%s$" % self.db,
            "--http-interface=127.0.0.1", "--http-port=%d" % self.port,
            "--longpolling-port=%d" % self.longpolling_port,
            "--workers=%d" % self.workers,
            "--max-cron-threads=0", "--logfile=%s" % self.log_path,
            "--log-level=info",
        ] + self.extra_args

    def start(self, timeout=180):
        self.port = free_port()
        self.longpolling_port = free_port()
        name = "liveserver-%s-%d.log" % (self.db, self.port)
        self.log_path = os.path.join(self.log_dir, name)
        self.process = subprocess.Popen(
            self._command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Odoo exited with %s; see %s" % (
                    self.process.returncode, self.log_path))
            try:
                url = self.url + "/web/login"
                with urllib.request.urlopen(url, timeout=10) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(
            "Odoo did not answer within %ss; see %s" % (timeout, self.log_path)
        )

    def _signal_group(self, sig):
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, timeout=30):
        """Graceful stop (SIGTERM), SIGKILL when it does not stop in time."""
        if not self.process or self.process.poll() is not None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        # Workers are in the same group; make sure none outlives the master.
        self._signal_group(signal.SIGKILL)

    def kill(self):
        """Crash the server: SIGKILL to the master and all workers at once."""
        if self.process and self.process.poll() is None:
            self._signal_group(signal.SIGKILL)
            self.process.wait(30)

    def log_text(self):
        with open(self.log_path, errors="replace") as handle:
            return handle.read()
