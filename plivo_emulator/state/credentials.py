"""How the emulator keeps account tokens: a salted SHA-256 digest, not the token.

A token given to the emulator may be one the developer also uses elsewhere, so the state file
never holds it. The digest is a fast one on purpose: every API request authenticates (hundreds a
second under the benchmarks), and a slow key-derivation function (scrypt, PBKDF2) would make each
pay for it. A weak token could still be guessed from its digest by someone who can read the
file, which is why the file is also private to its owner (``store.PRIVATE``).
"""

from __future__ import annotations

import hashlib
import hmac
import os

SCHEME = "sha256"
_SALT_BYTES = 16


def hash_token(token: str, salt: bytes | None = None) -> str:
    """``sha256$<salt hex>$<digest hex>`` of ``token`` with ``salt`` (random unless given)."""
    salt = os.urandom(_SALT_BYTES) if salt is None else salt
    digest = hashlib.sha256(salt + token.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{SCHEME}${salt.hex()}${digest}"


def token_matches(stored: str, token: str) -> bool:
    """Whether ``token`` is the one ``stored`` was made from (constant-time comparison); False
    for a stored value that is not a digest of this scheme."""
    scheme, _, rest = stored.partition("$")
    salt_hex, _, _ = rest.partition("$")
    if scheme != SCHEME:
        return False
    try:
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    return hmac.compare_digest(hash_token(token, salt), stored)
