"""Uploads kept on the server between an import's preview and its confirmation.

Each upload lives in its own folder under ``<var>/imports/<token>``; the token is random and
known only to the uploader's session, so a confirmation can only write what that session
previewed. Folders older than a day are removed at the next upload.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

MAX_AGE_SECONDS = 24 * 60 * 60
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


@dataclass(frozen=True)
class Staged:
    """An upload on disk: its token, files and the names the user gave them."""

    token: str
    data_file: str
    data_name: str
    mapping_file: str | None = None
    mapping_name: str | None = None

    @property
    def folder(self) -> Path:
        return upload_root() / self.token

    @property
    def data_path(self) -> Path:
        return self.folder / self.data_file

    @property
    def mapping_path(self) -> Path | None:
        return self.folder / self.mapping_file if self.mapping_file else None

    def as_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: object) -> Staged | None:
        if not isinstance(data, dict):
            return None
        try:
            staged = cls(**data)
        except TypeError:
            return None
        if not TOKEN.match(staged.token) or not staged.data_path.is_file():
            return None
        return staged


def upload_root() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def stage(data: UploadedFile[bytes], mapping: UploadedFile[bytes] | None) -> Staged:
    prune()
    token = secrets.token_urlsafe(24)
    folder = upload_root() / token
    folder.mkdir(parents=True, mode=0o700)
    data_name = Path(data.name or "data").name
    data_file = _save(folder, "data", data)
    mapping_file = mapping_name = None
    if mapping is not None:
        mapping_name = Path(mapping.name or "mapping").name
        mapping_file = _save(folder, "mapping", mapping)
    return Staged(token, data_file, data_name, mapping_file, mapping_name)


def _save(folder: Path, stem: str, upload: UploadedFile[bytes]) -> str:
    """Save under a fixed name keeping only a plain suffix (the reader goes by the suffix)."""
    suffix = Path(upload.name or "").suffix.lower()
    name = stem + (suffix if SUFFIX.match(suffix) else "")
    with (folder / name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name


def discard(staged: Staged | None) -> None:
    if staged is not None and TOKEN.match(staged.token):
        shutil.rmtree(staged.folder, ignore_errors=True)


def prune() -> None:
    root = upload_root()
    if not root.is_dir():
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
