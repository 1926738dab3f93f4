from . import crypto, keyring
