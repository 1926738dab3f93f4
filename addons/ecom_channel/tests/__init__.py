from . import test_allocation
from . import test_intake
from . import test_stock_policy
from . import test_import_orders
from . import test_intake_bulk
from . import test_api_key
from . import test_api_key_sessions
