from . import test_load_order
from . import test_mail_payment_encryption
