from . import test_audit_chain
from . import test_quota_purpose
from . import test_partner_guard
from . import test_stock_flow
