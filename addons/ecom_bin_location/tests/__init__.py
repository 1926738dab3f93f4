from . import test_codes
from . import test_putaway_engine
from . import test_abc_engine
