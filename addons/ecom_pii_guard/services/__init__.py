from . import audit_chain
from . import quota
from . import purpose
