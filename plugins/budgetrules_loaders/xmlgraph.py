"""Loader for budgetrules' own XML (what ``budgetrules parse --format xml`` writes).

Detected from content: an XML document whose root element is ``document`` in the namespace
``urn:budgetrules:document:1``. The file is validated against the shipped XSD before it is read.
"""

from __future__ import annotations

from pathlib import Path

from budgetrules.lazy import lazy_module
from budgetrules import hookimpl, serialize
from budgetrules.errors import InputError
from budgetrules.loading import Loader
from budgetrules.model import Document

etree = lazy_module("lxml.etree")  # XML is read and written only on demand

__all__ = ["LOADER"]


def _accepts(head: bytes, path: Path) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<") and serialize.DOC_NS.encode() in head


def _load(path: Path, data: bytes) -> Document:
    try:
        document = serialize.from_xml(data)
    except etree.DocumentInvalid as exc:
        raise InputError(str(path), f"不符合 budgetrules 文档 XML 架构：{exc}") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(str(path), f"XML 格式错误：{exc}") from None
    except (KeyError, ValueError, TypeError) as exc:
        raise InputError(str(path), f"XML 内容无法读取：{exc}") from None
    return document


LOADER = Loader(name="xml", description="budgetrules 文档 XML（parse --format xml 的输出）", accepts=_accepts, load=_load,
                priority=50)


@hookimpl
def register_loaders(register):
    register(LOADER)
