from . import ecom_bin_generator
