from . import test_codes
from . import test_putaway_engine
from . import test_abc_engine
from . import test_location_layout
from . import test_generator
from . import test_putaway
from . import test_picking_order
from . import test_cycle_count
