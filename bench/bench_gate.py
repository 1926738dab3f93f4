"""Cost of the allow-list gate (ecom_base) per call.

XML-RPC: N in-process ``odoo.service.model.dispatch("execute_kw", ...)`` calls
of an allowed, cheap method (``stock.location.check_access_rights``) by a
warehouse operator, the same path a real XML-RPC request takes after parsing.
The time spent inside the gate's hook (``res.users._ecom_gate_check_rpc``:
finding the call, a cursor, the cached policy, the membership test) is summed
by wrapping the hook in this process only. Suite = gate time per call;
baseline = the whole call's time per call, gate included; the target is on
the suite figure (<= 0.2 ms).

Size knob: ECOM_BENCH_GATE_CALLS (default 2000).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import Timer, conf_path, db_name, odoo_env, progress, report  # noqa: E402

CALLS = int(os.environ.get("ECOM_BENCH_GATE_CALLS", "2000"))
LOGIN = "bench_gate_operator"


def setup():
    with odoo_env() as env:
        env = env(context=dict(env.context, no_reset_password=True))
        user = env["res.users"].search([("login", "=", LOGIN)])
        if not user:
            user = env["res.users"].create({
                "name": "Bench Gate Operator", "login": LOGIN, "password": LOGIN,
                "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref(
                    "ecom_base.group_warehouse_operator").id])]})
        return user.id


def main():
    uid = setup()
    import odoo
    from odoo.service import model as service_model

    registry = odoo.registry(db_name())
    users_class = registry["res.users"]  # the registry holds the model classes
    hook = users_class._ecom_gate_check_rpc.__func__
    spent = {"seconds": 0.0, "calls": 0}

    def timed_hook(cls, uid_):
        with Timer() as timer:
            hook(cls, uid_)
        spent["seconds"] += timer.seconds
        spent["calls"] += 1

    # measurement harness only: this bench process, never the server
    users_class._ecom_gate_check_rpc = classmethod(timed_hook)
    params = [db_name(), uid, LOGIN, "stock.location", "check_access_rights",
              ["read", False], {}]
    with odoo.api.Environment.manage():
        for _warm in range(50):
            service_model.dispatch("execute_kw", list(params))
        spent.update(seconds=0.0, calls=0)
        progress("%d XML-RPC object calls in process as a warehouse operator" % CALLS)
        with Timer() as total:
            for _call in range(CALLS):
                service_model.dispatch("execute_kw", list(params))
        assert spent["calls"] == CALLS, spent  # the gate saw every call
        refused = False
        try:
            service_model.dispatch("execute_kw", [db_name(), uid, LOGIN, "mail.mail",
                                                  "search", [[]], {}])
        except odoo.exceptions.AccessError:
            refused = True
        assert refused, "the gate let an undeclared call through"
    report("gate: cost per XML-RPC call (warehouse operator)",
           spent["seconds"] / CALLS * 1000, total.seconds / CALLS * 1000,
           unit="ms", target="suite <= 0.2 ms",
           note="baseline = whole in-process call incl. gate; %d calls; %s" % (
               CALLS, os.path.basename(conf_path())))


if __name__ == "__main__":
    main()
