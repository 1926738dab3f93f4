from . import test_protocol
from . import test_inbound
from . import test_reconcile
