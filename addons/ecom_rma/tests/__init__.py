from . import test_returns_service
from . import test_ledger_service
