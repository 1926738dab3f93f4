"""Write the Odoo configuration used by the make targets (.run/odoo.conf).

Why a generated file: the suite must run from a fresh clone with no manual
setup, yet an operator may point it at an existing PostgreSQL server or tune
Odoo. So the generated file is the project's ``odoo.conf`` (if any; see
``odoo.conf.example``) plus what the scripts decide themselves: the database
coordinates from ``pg.env``, the add-ons path and the data folder.

    python3 scripts/gen_conf.py <root> <run_dir>
"""
import base64
import configparser
import os
import sys

# ecom_partner_encryption keys (odoo.conf option, environment variable)
KEY_OPTIONS = (
    ("ecom_encryption_keys", "ECOM_ENCRYPTION_KEYS", "demo"),
    ("ecom_blind_index_key", "ECOM_BLIND_INDEX_KEY", "idemo"),
)
DEMO_KEYS_FILE = "demo-keys.conf"
# OCA queue_job (ecom_3pl sends through it): loaded server-wide so that every
# server (make run / serve, the test servers) starts its job runner. A
# database without queue_job installed is skipped by the runner.
SERVER_WIDE = ("base", "web", "queue_job")
# root: jobs at once over all channels (<= the HTTP workers, which run them);
# root.ecom_3pl: the 3PL outbox (one send job per backend at a time anyway).
QUEUE_JOB_CHANNELS = "root:2,root.ecom_3pl:2"


def read_env_file(path):
    values = {}
    with open(path) as handle:
        for line in handle:
            key, sep, value = line.strip().partition("=")
            if sep:
                values[key] = value.strip("'")
    return values


def odoo_addons_dir(venv):
    lib = os.path.join(venv, "lib")
    for name in sorted(os.listdir(lib)):
        candidate = os.path.join(lib, name, "site-packages", "odoo", "addons")
        if os.path.isdir(candidate):
            return candidate
    raise SystemExit("Odoo is not installed in %s; run the bootstrap first" % venv)


def ensure_encryption_keys(options, run_dir):
    """Keys for ecom_partner_encryption: the operator's, or DEMO/TEST keys.

    Keys set in ./odoo.conf or in the environment are used as they are. Only
    when neither sets them, DEMO/TEST keys are generated ONCE into
    .run/demo-keys.conf (git-ignored, printed notice) and copied into the
    generated configuration, so make run / make test work from a fresh clone
    and the demo database stays readable across runs.
    """
    configured = [bool(options.get(opt) or os.environ.get(env))
                  for opt, env, _kid in KEY_OPTIONS]
    if all(configured):
        return
    if any(configured):
        raise SystemExit(
            "Configure both ecom_encryption_keys and ecom_blind_index_key (odoo.conf "
            "or ECOM_ENCRYPTION_KEYS / ECOM_BLIND_INDEX_KEY), or neither for demo keys")
    path = os.path.join(run_dir, DEMO_KEYS_FILE)
    demo = configparser.ConfigParser(interpolation=None)
    if not os.path.exists(path):
        demo["demo_keys"] = {
            opt: "%s:%s" % (kid, base64.b64encode(os.urandom(32)).decode("ascii"))
            for opt, _env, kid in KEY_OPTIONS}
        with open(path + ".tmp", "w") as handle:
            handle.write(
                "# DEMO/TEST encryption keys, generated once by scripts/gen_conf.py\n"
                "# because neither ./odoo.conf nor the environment sets\n"
                "# ecom_encryption_keys / ecom_blind_index_key. NOT FOR PRODUCTION.\n"
                "# Deleting this file makes the encrypted data of the databases\n"
                "# in .run unreadable.\n")
            demo.write(handle)
        os.chmod(path + ".tmp", 0o600)
        os.replace(path + ".tmp", path)
        print("    NOTICE: generated DEMO/TEST encryption keys in %s (not for "
              "production; set ecom_encryption_keys / ecom_blind_index_key in "
              "./odoo.conf, see 'make keys')" % path)
    demo.read(path)
    for opt, _env, _kid in KEY_OPTIONS:
        options[opt] = demo["demo_keys"][opt]


def ensure_job_runner(conf, venv):
    """server_wide_modules with queue_job, and a [queue_job] channels section.

    What the operator set wins: extra server-wide modules are kept, channels
    of an existing [queue_job] section are left alone. Nothing is added when
    queue_job is not installed in the venv (Odoo would not start).
    """
    if not os.path.isdir(os.path.join(odoo_addons_dir(venv), "queue_job")):
        return
    options = conf["options"]
    current = [m.strip() for m in options.get("server_wide_modules", "").split(",")
               if m.strip()]
    wanted = list(SERVER_WIDE) + [m for m in current if m not in SERVER_WIDE]
    options["server_wide_modules"] = ",".join(wanted)
    if not conf.has_section("queue_job"):
        conf["queue_job"] = {}
    conf["queue_job"].setdefault("channels", QUEUE_JOB_CHANNELS)


def main(root, run_dir):
    venv = os.environ.get("ECOM_VENV", os.path.join(root, ".venv"))
    conf = configparser.ConfigParser(interpolation=None)
    conf["options"] = {
        "admin_passwd": "admin",
        "list_db": "True",
        "log_level": "info",
        "http_port": "8069",
        "workers": "0",
        "max_cron_threads": "1",
        "limit_time_cpu": "600",
        "limit_time_real": "1200",
        "limit_memory_soft": str(2 * 1024 ** 3),
        "limit_memory_hard": str(3 * 1024 ** 3),
    }
    user_conf = os.path.join(root, "odoo.conf")
    if os.path.exists(user_conf):
        conf.read(user_conf)
    options = conf["options"]
    pg = read_env_file(os.path.join(run_dir, "pg.env"))
    options["db_host"] = pg["ECOM_PGHOST"] or "False"
    options["db_port"] = pg["ECOM_PGPORT"] or "False"
    options["db_user"] = pg["ECOM_PGUSER"]
    options["db_password"] = pg["ECOM_PGPASSWORD"] or "False"
    extra = [p for p in options.get("addons_path", "").split(",") if p.strip()]
    paths = [odoo_addons_dir(venv), os.path.join(root, "addons")]
    options["addons_path"] = ",".join(paths + [p for p in extra if p not in paths])
    options.setdefault("data_dir", os.path.join(run_dir, "data"))
    ensure_encryption_keys(options, run_dir)
    ensure_job_runner(conf, venv)
    target = os.path.join(run_dir, "odoo.conf")
    with open(target + ".tmp", "w") as handle:
        handle.write("# Generated by scripts/gen_conf.py: do not edit.\n")
        conf.write(handle)
    os.chmod(target + ".tmp", 0o600)
    os.replace(target + ".tmp", target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
