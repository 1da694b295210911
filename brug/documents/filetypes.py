"""Which files Brug keeps, recognised by their content (never by their name).

Framework-free: `detect(head, fileobj)` looks at the first bytes (magic numbers) and, for a ZIP
container, at the names of its parts (an office document is a ZIP with a known inner part).
Nothing of a ZIP is unpacked except the few bytes of an OpenDocument's `mimetype` part.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    key: str
    mime: str
    extension: str
    is_image: bool = False


PDF = FileType("pdf", "application/pdf", ".pdf")
PNG = FileType("png", "image/png", ".png", is_image=True)
JPEG = FileType("jpeg", "image/jpeg", ".jpg", is_image=True)
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".docx")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ".xlsx")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", ".odt")

ALL = (PDF, PNG, JPEG, DOCX, XLSX, ODT)
BY_MIME = {t.mime: t for t in ALL}
# What a phone's file picker offers (the camera included, through image/*).
ACCEPT = "image/jpeg,image/png,image/*,application/pdf,.pdf,.docx,.xlsx,.odt," + ",".join(
    t.mime for t in (DOCX, XLSX, ODT))

HEAD_BYTES = 16
_MAX_ZIP_PARTS = 5000


def _zip_type(fileobj) -> FileType | None:
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ZIP_PARTS:
                return None
            names = {i.filename for i in infos}
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
                return None
            if "mimetype" in names and "content.xml" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                if archive.read(info).strip() == ODT.mime.encode():
                    return ODT
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError,
            NotImplementedError, RuntimeError, EOFError):
        return None
    finally:
        fileobj.seek(0)


def detect(fileobj) -> FileType | None:
    """The type of this (seekable, binary) file by its content, or None when Brug keeps none."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(fileobj)
    return None


_UNSAFE = re.compile(r"[^\w.\- ]+")


def clean_name(name: str, kind: FileType, *, fallback: str = "document") -> str:
    """A name safe to show and to offer as a download: no path, no control or odd characters,
    at most 80 characters, and the extension of the type found in the content."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _UNSAFE.sub("_", stem).strip(" ._-")[:80] or fallback
    return stem + kind.extension
