from . import audit_chain
from . import quota
from . import purpose
from . import pii_policy
from . import log_filter
from . import pii_text
