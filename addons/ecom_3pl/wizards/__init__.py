from . import ecom_3pl_adjust
