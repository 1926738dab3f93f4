from . import test_audit_chain
from . import test_quota_purpose
from . import test_partner_guard
from . import test_stock_flow
from . import test_pii_policy
from . import test_protection_flag
from . import test_oracles
