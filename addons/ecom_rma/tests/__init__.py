from . import test_returns_service
from . import test_ledger_service
from . import test_import_returns
from . import test_rma_flow
from . import test_rma_security
from . import test_demand_netting
from . import test_disposition_reserve
