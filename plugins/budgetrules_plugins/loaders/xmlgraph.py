"""Loader for budgetrules' own XML (what ``budgetrules parse --format xml`` writes).

Detected from content: an XML document (UTF-8, or UTF-16 with its byte-order mark) whose root element is
``document`` in the namespace ``urn:budgetrules:document:1``. The file is validated against the shipped XSD
before it is read; a DOCTYPE, and numbers no disclosure could print (``places="999999999"``, a 200,000-digit
amount, the year 10²³), are refused with a one-line error. Findings name the file checked, never the ``path``
written inside the XML.
"""

from __future__ import annotations

from pathlib import Path

from budgetrules import hookimpl
from budgetrules.api import Document, InputError, Loader, lazy_module, serialize

etree = lazy_module("lxml.etree")  # XML is read and written only on demand

__all__ = ["LOADER"]


def _head_text(head: bytes) -> bytes:
    """The head as UTF-8: UTF-16 (marked by its byte-order mark, or by a NUL beside the first ``<``) decoded."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if head.startswith(bom):
            start = len(bom) if bom.startswith(b"\xff") or bom.startswith(b"\xfe") else 0
            return head[start:len(head) - (len(head) - start) % 2].decode(codec, errors="replace").encode("utf-8")
    return head.lstrip(b"\xef\xbb\xbf")


def _accepts(head: bytes, path: Path) -> bool:
    text = _head_text(head).lstrip()
    return text.startswith(b"<") and serialize.DOC_NS.encode() in text


def _load(path: Path, data: bytes) -> Document:
    try:
        document = serialize.from_xml(data, path=str(path))
    except (etree.DocumentInvalid, etree.XMLSchemaValidateError) as exc:
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
