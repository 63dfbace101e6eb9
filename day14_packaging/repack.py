"""Turn an installed pure-Python distribution back into a wheel, for an index with no internet.

The fresh venv may install only from the local index, so the index must also hold
emailcheck's dependency, idna. On a connected machine `pip download idna` would fetch its
wheel; here nothing may be downloaded, so the idna this environment already has installed
is packed again: its files as listed in its RECORD, with a new RECORD of their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from importlib.metadata import distribution
from pathlib import Path

from day14_packaging.errors import StepError

# Files an installer adds to dist-info; they are not part of the wheel.
_INSTALLER_FILES = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD", "uv_cache.json"}
_ZIP_DATE = (2025, 1, 1, 0, 0, 0)  # fixed, so the repacked wheel is reproducible too


def repack_installed(name: str, outdir: Path) -> Path:
    """Write `name`'s installed files as `NAME-VERSION-py3-none-any.whl` in `outdir`."""
    dist = distribution(name)
    wheel_info = dist.read_text("WHEEL") or ""
    if "Root-Is-Purelib: true" not in wheel_info or "py3-none-any" not in wheel_info:
        raise StepError("repack", f"{name} is not a pure-Python py3-none-any distribution")
    dist_name = dist.metadata["Name"].replace("-", "_")
    target = outdir / f"{dist_name}-{dist.version}-py3-none-any.whl"
    files = sorted(
        str(f)
        for f in dist.files or []
        if not str(f).startswith("..")
        and "__pycache__" not in f.parts
        and not (f.parts[0].endswith(".dist-info") and f.name in _INSTALLER_FILES)
    )
    dist_info = f"{dist_name}-{dist.version}.dist-info"
    records: list[str] = []
    with zipfile.ZipFile(target, "w") as wheel:
        for relative in files:
            data = Path(str(dist.locate_file(relative))).read_bytes()
            wheel.writestr(zipfile.ZipInfo(relative, _ZIP_DATE), data, zipfile.ZIP_DEFLATED)
            records.append(f"{relative},sha256={_digest(data)},{len(data)}")
        records.append(f"{dist_info}/RECORD,,")
        wheel.writestr(zipfile.ZipInfo(f"{dist_info}/RECORD", _ZIP_DATE), "\n".join(records) + "\n")
    return target


def _digest(data: bytes) -> str:
    """The wheel RECORD's hash form: urlsafe base64 of the SHA-256, without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
