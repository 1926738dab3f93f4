"""Plain-Python helpers shared by the suite (no ORM imports here)."""
from . import masking  # noqa: F401
