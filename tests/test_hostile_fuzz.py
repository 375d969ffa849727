"""Fuzz targets, one per loader (issue 14): whatever the bytes, loading a file either gives a document or raises
:class:`~budgetrules.core.errors.InputError` with one line — never another exception — and costs bounded CPU time.

The inputs are the sample disclosure in each format, mutated (bytes overwritten, inserted, deleted; for Word
and Excel the XML inside the package mutated and packed again, so that the parsers behind the zip are reached).
By default each target runs a few examples (the ``fuzz`` profile, derandomized); ``BUDGETRULES_FUZZ=fuzz-ci``
runs 200 per target (a few minutes, for CI) and ``fuzz-long`` 2,000. Crashes found are kept below as ``@example`` regression cases.
"""

from __future__ import annotations

import functools
import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from budgetrules.core.errors import InputError
from budgetrules.engine.check import load_document
from budgetrules.engine.plugins import get_registry

settings.register_profile(
    "fuzz", max_examples=12, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz-ci", max_examples=200, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz-long", max_examples=2_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
FUZZ = settings.get_profile(os.environ.get("BUDGETRULES_FUZZ", "fuzz"))

#: CPU seconds one example may take (a sample-sized document loads in well under a second).
CPU_PER_EXAMPLE = 5.0

#: One edit: where (a fraction of the length), what (overwrite, insert, delete) and which bytes.
EDITS = st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(["put", "insert", "delete"]),
              st.one_of(st.binary(min_size=1, max_size=8),
                        st.sampled_from([b"\x00", b"\xff", b"\t", b"\n", b"<", b">", b'"', b"&", b"9" * 40,
                                         "\u3000".encode(), "合计".encode(), "２１２".encode(), b"NaN", b"1e309",
                                         b"-", b"]]>", b"<!DOCTYPE x>", b"%%EOF", b"obj", b"stream"]))),
    min_size=1, max_size=6,
)


def mutate(data: bytes, edits) -> bytes:
    out = bytearray(data)
    for where, op, chunk in edits:
        at = int(where * len(out))
        if op == "put":
            out[at:at + len(chunk)] = chunk
        elif op == "insert":
            out[at:at] = chunk
        else:
            del out[at:at + len(chunk)]
    return bytes(out)


def _load(tmp: Path, name: str, data: bytes, registry) -> None:
    path = tmp / name
    path.write_bytes(data)
    start = time.process_time()
    try:
        load_document(path, registry)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{path}: "), str(exc)
    assert time.process_time() - start < CPU_PER_EXAMPLE


def _repack(package: bytes, part: str, edit) -> bytes:
    """``package`` with ``part`` replaced by ``edit(part's bytes)``, packed again as a valid zip."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, edit(content) if info.filename == part else content)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def _samples() -> dict:
    """The sample in each format (built once; kept out of the tests' arguments, so that a failing example's
    report shows only its edits)."""
    import tempfile

    from conftest import AKTO, EXAMPLES

    from budgetrules.core import serialize
    from budgetrules.testing.writers import write_docx, write_xlsx

    akto_path = AKTO if AKTO.exists() else EXAMPLES / AKTO.name
    akto = load_document(akto_path, get_registry())
    docx, xlsx = io.BytesIO(), io.BytesIO()
    write_docx(akto, docx)
    write_xlsx(akto, xlsx)
    xml = serialize.to_xml(akto)
    return {
        "text": akto_path.read_bytes(),
        "xml": xml.encode("utf-8") if isinstance(xml, str) else xml,
        "docx": docx.getvalue(),
        "xlsx": xlsx.getvalue(),
        "tmp": Path(tempfile.mkdtemp(prefix="budgetrules-fuzz-")),
    }


@pytest.fixture
def samples():
    return _samples()


@pytest.fixture
def registry():
    return get_registry()


@FUZZ
@given(edits=EDITS)
@example(edits=[(0.5, "insert", "1".encode() * 100_000)])
@example(edits=[(0.0, "put", b"\xff\xfe")])
@example(edits=[(0.0, "put", b"<html>")])
def test_fuzz_text(samples, registry, edits):
    _load(samples["tmp"], "f.txt", mutate(samples["text"], edits), registry)


@FUZZ
@given(edits=EDITS)
@example(edits=[(0.3, "put", b'places="999999999"')])
@example(edits=[(0.875, "put", b"\x00")])  # found: lxml's message ran over two lines
@example(edits=[(0.0, "insert", b"<!DOCTYPE x>")])
def test_fuzz_xml(samples, registry, edits):
    _load(samples["tmp"], "f.xml", mutate(samples["xml"], edits), registry)


@FUZZ
@given(edits=EDITS, repack=st.booleans())
def test_fuzz_docx(samples, registry, edits, repack):
    data = samples["docx"]
    data = _repack(data, "word/document.xml", lambda b: mutate(b, edits)) if repack else mutate(data, edits)
    _load(samples["tmp"], "f.docx", data, registry)


@FUZZ
@given(edits=EDITS, repack=st.booleans(), part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                                                   "xl/sharedStrings.xml", "xl/styles.xml"]))
def test_fuzz_xlsx(samples, registry, edits, repack, part):
    data = samples["xlsx"]
    if repack and part in zipfile.ZipFile(io.BytesIO(data)).namelist():
        data = _repack(data, part, lambda b: mutate(b, edits))
    else:
        data = mutate(data, edits)
    _load(samples["tmp"], "f.xlsx", data, registry)


@FUZZ
@given(edits=EDITS)
def test_fuzz_xls(samples, registry, edits):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表一")
    for r, line in enumerate(samples["text"].decode("utf-8").splitlines()[:120]):
        for c, cell in enumerate(line.split("\t")[:20]):
            sheet.write(r, c, cell)
    out = io.BytesIO()
    book.save(out)
    _load(samples["tmp"], "f.xls", mutate(out.getvalue(), edits), registry)


@FUZZ
@given(edits=EDITS)
def test_fuzz_pdf(samples, registry, edits):
    from test_bad_inputs import make_pdf

    base = make_pdf(["2021 Budget", "Table 1  Total 1,117.50"])
    _load(samples["tmp"], "f.pdf", mutate(base, edits), registry)
