from . import ecom_overview
from . import ecom_gate_rule
from . import ecom_gate_denial
from . import ir_http
from . import res_users
