"""Field encryption engine: AES-256-GCM values and HMAC blind indexes.

Plain Python, no ORM: the add-on's models gather rows, call this module and
write the results back in batches.

Stored value format::

    ecg1:<kid>:<base64(nonce 12 bytes || ciphertext || tag 16 bytes)>

The associated data binds the value to ``model``, ``field`` and the record id
(and to the format version and key id), so a ciphertext copied to another
record or field does not decrypt. Empty values stay empty (``None``).

Blind index format: ``<kid>:<hex HMAC-SHA256(key, kind | normalised value)>``.
Keys are configured as ``kid:base64key`` lists, the first one active, e.g.
``k2026a:3q2+7w...=,k2025b:...``.
"""
import base64
import binascii
import hashlib
import hmac
import os
import re
from itertools import repeat

import warnings

from odoo.addons.ecom_base.services import contact

with warnings.catch_warnings():
    # cryptography 45 is the last release for Python 3.7 (Odoo 11's range) and
    # says so once at import; its Rust AES-GCM is ~10x faster per small value
    # than 41's, which the read path of every partner pays.
    warnings.filterwarnings(
        "ignore", message="Python 3.7 is no longer supported")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "ecg1:"
# blind-index marker of a value with no searchable form (see BlindIndex)
NO_FORM = "-"
NONCE_SIZE = 12
KEY_SIZE = 32
_KID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# what base64.b64decode(..., validate=True) accepts: base64 alphabet only
_B64_VALID = re.compile(r"[A-Za-z0-9+/]*={0,2}").fullmatch


class EncryptionError(Exception):
    """Base class; messages never contain key material or plaintext."""


class KeyConfigError(EncryptionError):
    """Keys are missing or malformed."""


class DecryptionError(EncryptionError):
    """A stored value cannot be decrypted (wrong key, tampered, moved)."""


def parse_keys(raw, option="ecom_encryption_keys"):
    """``"kid:b64,kid2:b64"`` -> ordered list of (kid, key bytes); first active.

    Raises KeyConfigError naming the option and the bad entry position (never
    the key itself).
    """
    if not raw or not str(raw).strip():
        raise KeyConfigError("%s is not set" % option)
    keys = []
    seen = set()
    entries = [e.strip() for e in re.split(r"[,\s]+", str(raw)) if e.strip()]
    for pos, entry in enumerate(entries, 1):
        kid, sep, b64 = entry.partition(":")
        if not sep or not _KID_RE.match(kid):
            raise KeyConfigError(
                "%s: entry %d is not 'kid:base64key' (kid = letters, digits, _ -)"
                % (option, pos))
        try:
            key = base64.b64decode(b64.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise KeyConfigError(
                "%s: key %r (entry %d) is not valid base64" % (option, kid, pos))
        if len(key) != KEY_SIZE:
            raise KeyConfigError(
                "%s: key %r (entry %d) must be %d bytes, got %d"
                % (option, kid, pos, KEY_SIZE, len(key)))
        if kid in seen:
            raise KeyConfigError("%s: key id %r appears twice" % (option, kid))
        seen.add(kid)
        keys.append((kid, key))
    if not keys:
        raise KeyConfigError("%s is not set" % option)
    return keys


def new_key_entry(kid):
    """A fresh ``kid:base64key`` entry (32 random bytes)."""
    if not _KID_RE.match(kid):
        raise KeyConfigError("invalid key id %r" % kid)
    return "%s:%s" % (kid, base64.b64encode(os.urandom(KEY_SIZE)).decode("ascii"))


def _aad_head(kid, model, field):
    """Associated data of a value without its record id (shared by a column)."""
    return ("ecg1|%s|%s|%s|" % (kid, model, field)).encode("utf-8")


def _aad(kid, model, field, res_id):
    return _aad_head(kid, model, field) + b"%d" % int(res_id)


def is_encrypted(value):
    return isinstance(value, str) and value.startswith(PREFIX)


def key_id_of(value):
    """Key id of a stored ciphertext, or None for anything else."""
    if not is_encrypted(value):
        return None
    return value[len(PREFIX):].partition(":")[0]


class Cipher:
    """Encrypts with the first key, decrypts with any configured key."""

    def __init__(self, keys):
        if not keys:
            raise KeyConfigError("no encryption key configured")
        self.active_kid = keys[0][0]
        self._aead = {kid: AESGCM(key) for kid, key in keys}

    @property
    def kids(self):
        return list(self._aead)

    def encrypt(self, value, model, field, res_id):
        if value is None or value is False or value == "":
            return None
        kid = self.active_kid
        nonce = os.urandom(NONCE_SIZE)
        data = self._aead[kid].encrypt(
            nonce, value.encode("utf-8"), _aad(kid, model, field, res_id))
        return "%s%s:%s" % (
            PREFIX, kid, base64.b64encode(nonce + data).decode("ascii"))

    def decrypt(self, stored, model, field, res_id):
        """Stored value -> plaintext; empty -> None.

        A value without the prefix is legacy plaintext (rows written before the
        add-on was installed and not yet migrated) and is returned as is.
        """
        if stored is None or stored is False or stored == "":
            return None
        if not is_encrypted(stored):
            return stored
        kid, sep, b64 = stored[len(PREFIX):].partition(":")
        where = "%s.%s of record %s" % (model, field, res_id)
        aead = self._aead.get(kid)
        if not sep or aead is None:
            raise DecryptionError(
                "%s is encrypted with key %r, which is not configured" % (where, kid))
        try:
            blob = base64.b64decode(b64.encode("ascii"), validate=True)
            if len(blob) < NONCE_SIZE + 16:
                raise ValueError("too short")
            return aead.decrypt(
                blob[:NONCE_SIZE], blob[NONCE_SIZE:], _aad(kid, model, field, res_id)
            ).decode("utf-8")
        except (InvalidTag, ValueError, binascii.Error, UnicodeError):
            raise DecryptionError(
                "%s cannot be decrypted (wrong key, tampered, or copied from "
                "another record/field)" % where)

    def decrypt_column(self, model, field, ids, values):
        """Stored ``values`` of one field of the records ``ids`` (two lists in
        the same order) -> [plaintext or None], each value exactly as
        :meth:`decrypt` would return it or raise.

        The read path of every partner list goes through here. When every
        value is ciphertext of one key (the usual case), they are checked and
        decrypted with ``map`` and list comprehensions: one AES-GCM call per
        value, with its own nonce, tag and associated data, as in
        :meth:`decrypt`, but no Python-level call per value. Anything else
        (empty values, legacy plaintext, several keys) and any batch that
        fails goes value by value, so the error names the bad record.
        """
        if not values:
            return []
        for kid, aead in self._aead.items():
            head = "%s%s:" % (PREFIX, kid)
            try:
                whole = all(map(str.startswith, values, repeat(head)))
            except TypeError:  # an empty or non-text value
                break
            if whole:
                plains = self._decrypt_batch(
                    aead, kid, model, field, ids,
                    [value[len(head):] for value in values])
                if plains is not None:
                    return plains
                break
        return self._decrypt_mixed(model, field, ids, values)

    def _decrypt_mixed(self, model, field, ids, values):
        """:meth:`decrypt_column` for any mix of values: empty ones, legacy
        plaintext, ciphertext of several keys (a batch per key)."""
        out = [value if value else None for value in values]
        left = [pos for pos, value in enumerate(values)
                if value.__class__ is str and value.startswith(PREFIX)]
        for kid, aead in self._aead.items():
            if not left:
                break
            head = "%s%s:" % (PREFIX, kid)
            mine = [pos for pos in left if values[pos].startswith(head)]
            if not mine:
                continue
            if len(mine) < len(left):
                taken = set(mine)
                left = [pos for pos in left if pos not in taken]
            else:
                left = []
            plains = self._decrypt_batch(
                aead, kid, model, field, [ids[pos] for pos in mine],
                [values[pos][len(head):] for pos in mine])
            if plains is None:
                plains = [self.decrypt(values[pos], model, field, ids[pos])
                          for pos in mine]
            for pos, plain in zip(mine, plains):
                out[pos] = plain
        for pos in left:  # a key id that is not configured: decrypt raises
            self.decrypt(values[pos], model, field, ids[pos])
        return out

    @staticmethod
    def _decrypt_batch(aead, kid, model, field, ids, b64s):
        """Plaintexts of the base64 values ``b64s`` of key ``kid``, or None
        when any of them does not decrypt (the caller finds which)."""
        if not all(map(_B64_VALID, b64s)):
            return None
        try:
            blobs = list(map(binascii.a2b_base64, b64s))
            if min(map(len, blobs)) < NONCE_SIZE + 16:
                return None
            aad = _aad_head(kid, model, field)
            plains = list(map(
                aead.decrypt, [blob[:NONCE_SIZE] for blob in blobs],
                [blob[NONCE_SIZE:] for blob in blobs],
                [aad + b"%d" % res_id for res_id in ids]))
            return list(map(bytes.decode, plains))
        except (InvalidTag, ValueError, TypeError, binascii.Error, UnicodeError):
            return None


# --- blind index -------------------------------------------------------------

_WORDS = re.compile(r"\s+")
_VAT_JUNK = re.compile(r"[\s.\-/]")


def normalize_email(value):
    """The suite's one e-mail normaliser (ecom_base/services/contact.py)."""
    return contact.normalise_email(value) or ""


def normalize_phone(value, region=""):
    """E.164 (``+8613800138000``) of a phone number, the suite's one phone
    normaliser (ecom_base/services/contact.py) with ``region`` (the main
    company's country code, e.g. ``CN``) for national numbers; "" when the
    value holds no number (``n/a``)."""
    return contact.normalise_phone(value, region) or ""


def normalize_vat(value):
    return _VAT_JUNK.sub("", value or "").upper()


def normalize_text(value):
    return _WORDS.sub(" ", (value or "").strip()).casefold()


# field name -> (index kind, normaliser); phone and mobile share a kind so a
# number matches whichever of the two it is stored in.
KINDS = {
    "email": "email",
    "phone": "phone",
    "mobile": "phone",
    "vat": "vat",
    "street": "street",
    "street2": "street",
}


def normalize(field, value, region=""):
    """Normalised form ``value`` of ``field`` is indexed under ("" = none)."""
    kind = KINDS[field]
    if kind == "email":
        return normalize_email(value)
    if kind == "phone":
        return normalize_phone(value, region)
    if kind == "vat":
        return normalize_vat(value)
    return normalize_text(value)


def search_forms(field, value, region=""):
    """Normalised forms a searched ``value`` may be stored under: a phone
    typed without ``+`` can read as a national or an international number
    (contact.phone_search_keys); one form for the other kinds."""
    if KINDS[field] == "phone":
        return contact.phone_search_keys(value, region)
    norm = normalize(field, value, region)
    return [norm] if norm else []


class BlindIndex:
    """HMAC-SHA256 of the normalised value under the first (active) key.

    ``tokens`` gives the token under every configured key, so search keeps
    working while the index is being rebuilt for a new key.

    A non-empty value without a searchable form (a phone ``n/a``, an e-mail
    of spaces) gets the marker ``<kid>:-`` instead of a token: the row is on
    the active index key (rotation does not count it as pending forever) and
    no search matches it (tokens are hex).
    """

    def __init__(self, keys):
        if not keys:
            raise KeyConfigError("no blind index key configured")
        self.active_kid = keys[0][0]
        self._keys = list(keys)

    @staticmethod
    def _mac(key, kind, norm):
        msg = ("%s|%s" % (kind, norm)).encode("utf-8")
        return hmac.new(key, msg, hashlib.sha256).hexdigest()

    def token(self, field, value, region=""):
        """Token stored for ``value``: None when empty, the no-form marker
        when it has no searchable form."""
        if value is None or value is False or value == "":
            return None
        kid, key = self._keys[0]
        norm = normalize(field, value, region)
        if not norm:
            return "%s:%s" % (kid, NO_FORM)
        return "%s:%s" % (kid, self._mac(key, KINDS[field], norm))

    def tokens(self, field, value, region=""):
        """Tokens a search for ``value`` looks up: every search form under
        every configured key ([] when the value has no searchable form)."""
        return ["%s:%s" % (kid, self._mac(key, KINDS[field], norm))
                for norm in search_forms(field, value, region)
                for kid, key in self._keys]
