from . import ecom_demo_generator
