"""Per-document memos: what several rules compute from one document, computed once.

Rules are small functions that each read the whole document, so the same derived view — the diagnosis of every
coded row, the table facts a subject names, a catalogue's outdated names — would otherwise be computed by every
rule that needs it. A function decorated with :func:`per_document` is computed once per document (and per
further argument) and the result is handed to every later caller::

    from budgetrules.core.memo import per_document

    @per_document
    def diagnose_document(doc):
        ...

A :class:`~budgetrules.core.model.Document` is immutable (frozen classes and tuples), so a result computed from it
stays true as long as the document lives. Documents are told apart by identity, never by value (comparing two
documents by value would cost more than most results save): the memo keeps the last few documents it saw (with
a strong reference, so that an identity is never reused while it is remembered) and forgets the oldest, so a
batch of any length holds a bounded amount.

Results are shared: a caller must not change one (return tuples, or copy a list before changing it).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any, Callable, TypeVar

__all__ = ["per_document", "DOCUMENTS_KEPT"]

F = TypeVar("F", bound=Callable[..., Any])

#: How many documents each memo remembers (the one being checked, its merged set and the previous year's).
DOCUMENTS_KEPT = 4


def per_document(func: F) -> F:
    """``func(doc, *args)`` computed once per ``doc`` (by identity) and hashable ``args``."""
    memo: OrderedDict[int, tuple[Any, dict[tuple[Any, ...], Any]]] = OrderedDict()
    lock = threading.Lock()  # a Dask worker may check documents in threads
    # the entry touched last (already the newest in ``memo``): every rule asks about the same document in turn,
    # so most calls find it here without the lock (one tuple, read and replaced whole)
    last: list[tuple[Any, dict[tuple[Any, ...], Any]]] = [(None, {})]

    @functools.wraps(func)
    def wrapper(doc: Any, *args: Any) -> Any:
        held = last[0]
        if held[0] is not doc or doc is None:
            key = id(doc)
            with lock:
                found = memo.get(key)
                if found is None or found[0] is not doc:
                    held = (doc, {})
                    memo[key] = held
                    while len(memo) > DOCUMENTS_KEPT:
                        memo.popitem(last=False)
                else:
                    held = found
                    memo.move_to_end(key)
                last[0] = held
        results = held[1]
        try:
            return results[args]
        except KeyError:
            pass
        value = results[args] = func(doc, *args)
        return value

    def cache_clear() -> None:
        with lock:
            memo.clear()
            last[0] = (None, {})

    wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
