from . import test_totp_service
from . import test_lockout_policy
from . import test_totp_mandatory
from . import test_lockout
