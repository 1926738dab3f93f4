from . import test_matching
from . import test_posting
from . import test_csv_mapping
from . import test_import_settlement
from . import test_settlement_posting
from . import test_settlement_csv_wizard
