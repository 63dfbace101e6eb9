"""emailcheck: validate and normalise email addresses.

    >>> from emailcheck import validate_email
    >>> validate_email("Alice@Example.COM").normalized
    'Alice@example.com'

RFC 5321/5322 syntax (dot-atom local parts; quoted local parts and domain literals by
option), the SMTP octet limits, IDNA 2008 / UTS 46 domains, RFC 6531 UTF-8 local parts by
option, NFC normalisation that is validated again. One error type, `EmailError`.
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

from emailcheck._errors import EmailError
from emailcheck._result import ValidatedEmail
from emailcheck._validate import is_valid_email, validate_email

# The one version source is pyproject.toml; the installed metadata carries it here.
try:
    __version__ = _version("emailcheck")
except _PackageNotFoundError:  # a source tree on sys.path that was never installed
    __version__ = "0+unknown"

__all__ = ["EmailError", "ValidatedEmail", "is_valid_email", "validate_email"]
