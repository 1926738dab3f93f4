from . import test_crypto
from . import test_partner_encryption
