from . import ecom_pii_reveal_wizard
from . import ecom_audit_verify_wizard
