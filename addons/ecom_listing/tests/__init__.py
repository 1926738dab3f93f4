from . import test_pricing
from . import test_stock
from . import test_resolve
from . import test_csv
from . import test_listing_intake
from . import test_listing_export
from . import test_listing_import
from . import test_listing_security
