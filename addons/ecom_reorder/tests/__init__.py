from . import test_demand
from . import test_supplier
from . import test_orderpoint_demand
from . import test_replenishment
from . import test_followup
from . import test_planning_services
