from . import test_moving_average
from . import test_margin_service
from . import test_shipping_import
from . import test_cost_flow
from . import test_margin_lines
from . import test_rebuild_fill
