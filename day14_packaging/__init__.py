"""Day 14: emailcheck, a small email-validation library, packaged and published locally.

The library is a distribution of its own (`emailcheck/`, src layout, hatchling); this
package uses it as a dependency, like any user, and re-exports its API for days 18 and 20.
`python -m day14_packaging publish` builds, checks, uploads to a private index and installs.
"""

from emailcheck import EmailError, ValidatedEmail, is_valid_email, validate_email

__all__ = ["EmailError", "ValidatedEmail", "is_valid_email", "validate_email"]
