"""Where the keys come from: odoo.conf options or environment variables.

``ECOM_ENCRYPTION_KEYS`` / ``ECOM_BLIND_INDEX_KEY`` (environment) win over
``ecom_encryption_keys`` / ``ecom_blind_index_key`` (odoo.conf), so a secret
store can inject keys without touching the file. Nothing here generates a key
or falls back to one: a missing or malformed key is a KeyConfigError.
"""
from .crypto import BlindIndex, Cipher, KeyConfigError, parse_keys

DATA_OPTION = "ecom_encryption_keys"
DATA_ENV = "ECOM_ENCRYPTION_KEYS"
INDEX_OPTION = "ecom_blind_index_key"
INDEX_ENV = "ECOM_BLIND_INDEX_KEY"

_CACHE = {}


def _raw(config, environ, option, env_name):
    value = environ.get(env_name)
    if value and value.strip():
        return value, env_name
    value = config.get(option) if config is not None else None
    if value in (None, False, "False", "None"):
        value = None
    return value, option


def load(config, environ):
    """-> (Cipher, BlindIndex) from the configuration, cached by raw value."""
    data_raw, data_src = _raw(config, environ, DATA_OPTION, DATA_ENV)
    index_raw, index_src = _raw(config, environ, INDEX_OPTION, INDEX_ENV)
    cache_key = (data_raw, index_raw)
    if cache_key in _CACHE:
        return _CACHE[cache_key]
    hint = (" (set %s in odoo.conf or the environment variable %s; "
            "'scripts/keys.sh new' prints fresh keys)")
    try:
        data_keys = parse_keys(data_raw, data_src)
    except KeyConfigError as exc:
        raise KeyConfigError(str(exc) + hint % (DATA_OPTION, DATA_ENV))
    try:
        index_keys = parse_keys(index_raw, index_src)
    except KeyConfigError as exc:
        raise KeyConfigError(str(exc) + hint % (INDEX_OPTION, INDEX_ENV))
    index_secrets = {key for _kid, key in index_keys}
    if index_secrets & {key for _kid, key in data_keys}:
        raise KeyConfigError(
            "%s must differ from every key of %s" % (INDEX_OPTION, DATA_OPTION))
    result = (Cipher(data_keys), BlindIndex(index_keys))
    _CACHE.clear()
    _CACHE[cache_key] = result
    return result
