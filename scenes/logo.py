"""A course's logo (``[course] logo``): a PNG or SVG file, checked before anything draws it.

A logo travels with course files between teachers and is untrusted. A PNG is measured from its
header before it is decoded (at most :data:`MAX_SIDE` pixels a side, :data:`MAX_PIXELS` in all), then
decoded once to prove it is whole. An SVG is parsed with ``defusedxml``, which refuses document type
declarations and so every entity expansion ("billion laughs") and external entity; what remains
must not reach outside the file (``href`` to anything but ``#id``, ``url(...)`` to anything but
``#id``, CSS ``@import``) or run anything (scripts, event attributes, foreign objects, embedded
images and frames).
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

__all__ = ["MAX_LOGO_BYTES", "MAX_PIXELS", "MAX_SIDE", "Logo", "LogoError", "read_logo"]

MAX_LOGO_BYTES = 1024 * 1024
MAX_SIDE = 4096
MAX_PIXELS = 4096 * 4096
MAX_ELEMENTS = 20_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "image", "iframe", "object", "embed", "audio",
                                "video", "canvas", "handler", "listener"})
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


class LogoError(ValueError):
    """A logo file that is refused, with the reason in one line."""


@dataclass(frozen=True)
class Logo:
    """A checked logo: its kind (``png`` or ``svg``), its bytes and, for a PNG, its size in pixels."""

    kind: str
    data: bytes
    width: int = 0
    height: int = 0

    @property
    def name(self) -> str:
        """A file name for it, from its content: ``logo-<hash>.png``."""
        return f"logo-{hashlib.sha256(self.data).hexdigest()[:12]}.{self.kind}"

    def write(self, folder: Path) -> Path:
        """Write the logo into ``folder`` (once) and return its path."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.name
        if not path.exists():
            path.write_bytes(self.data)
        return path


def read_logo(path: Path) -> Logo:
    """The logo at ``path``, checked; :class:`LogoError` when it is refused."""
    try:
        if not path.is_file():
            raise LogoError("no such file")
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise LogoError(f"{size:,} bytes is too large for a logo (at most {MAX_LOGO_BYTES:,})")
        data = path.read_bytes()
    except OSError as error:
        raise LogoError(f"cannot be read ({error.strerror})") from None
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE", b"<!doctype")):
        return _svg(data)
    raise LogoError("is not a PNG or SVG image (a logo must be one of these)")


def _png(data: bytes) -> Logo:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise LogoError("is a damaged PNG (no image header)")
    width, height = struct.unpack(">II", data[16:24])
    if width == 0 or height == 0 or width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise LogoError(f"is {width:,}×{height:,} pixels; a logo may have at most {MAX_SIDE:,} a side")
    from PIL import Image

    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
    except Exception as error:
        raise LogoError(f"is a damaged PNG ({type(error).__name__})") from None
    return Logo("png", data, width, height)


def _local(name: str) -> str:
    """``{namespace}tag`` or ``prefix:tag`` → ``tag``, lower-case."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _svg(data: bytes) -> Logo:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise LogoError("is an SVG with a document type or entities (refused: they can expand "
                        "without limit or read other files); remove the <!DOCTYPE ...> part") from None
    except (ParseError, ValueError) as error:
        raise LogoError(f"is not a well-formed SVG ({error})") from None
    if _local(root.tag) != "svg":
        raise LogoError(f"is XML whose root is <{_local(root.tag)}>, not an SVG image")
    for count, element in enumerate(root.iter()):
        if count > MAX_ELEMENTS:
            raise LogoError(f"has more than {MAX_ELEMENTS:,} elements; simplify the logo")
        _check_element(element)
    return Logo("svg", data)


def _check_element(element: Any) -> None:
    """Refuse an element that runs something or reaches outside the file."""
    tag = _local(str(element.tag))
    if tag in FORBIDDEN_ELEMENTS:
        raise LogoError(f"is an SVG with a <{tag}> element (scripts, embedded images and foreign "
                        "content are refused)")
    if tag == "style" and _outside(element.text or ""):
        raise LogoError("is an SVG whose <style> loads something from outside the file")
    for attribute, value in element.attrib.items():
        name = _local(attribute)
        if name.startswith("on"):
            raise LogoError(f"is an SVG with an event attribute {name}= (scripts are refused)")
        if name in ("href", "src") and not value.strip().startswith("#"):
            raise LogoError(f"is an SVG with an external reference {name}={value[:60]!r} "
                            "(only #id references inside the file are allowed)")
        if _outside(value):
            raise LogoError(f"is an SVG whose {name}= refers to something outside the file")


def _outside(css: str) -> bool:
    """Whether CSS or an attribute value reaches outside the file (``@import``, ``url(x)`` with x not ``#id``)."""
    if "@import" in css.lower():
        return True
    return any(not target.startswith("#") for target in _URL.findall(css))
