from . import test_protocol
from . import test_inbound
from . import test_reconcile
from . import test_outbox
from . import test_inbox
from . import test_flows
from . import test_ship_confirm_bulk
