from . import returns  # noqa: F401
from . import ledger  # noqa: F401
