from . import res_partner
from . import ecom_encrypted_columns
from . import mail_mail
from . import payment_transaction
