from . import test_matching
from . import test_import_settlement
