"""budgetrules plugin: narrative claims — every number the prose states, bound to the fact it speaks of.

Implements the ``extract_claims`` hook. The work is split into small modules:

* :mod:`.sentences` — sentence splitting with offsets;
* :mod:`.patterns` — amounts, shares, changes, growth rates, counts and list markers;
* :mod:`.mentions` — the phrases that name facts (vocabulary, the tables' own row names, printed codes);
* :mod:`.extract` — binding numbers to subjects, scopes, groups and lists;
* :mod:`.sangong` — the clause reading of the 三公 explanation: each item's statements with their stated
  reasons, and the counts the per-unit limits apply to (``Claim.reading == "sangong"``).

Claims that cannot be bound are kept with ``subject=None`` (they show in ``budgetrules parse``) and no rule
checks them.
"""

import itertools

from budgetrules import hookimpl

from .extract import extract
from .sangong import sangong_claims


@hookimpl
def extract_claims(document):
    # A graph re-loaded from JSON/XML already carries its bound claims: extracting again would state every
    # number twice (and a counted list would seem to name twice as many items).
    if document.claims:
        return []
    counter = itertools.count(1)  # one numbering of groups for both readings
    return [*extract(document, counter), *sangong_claims(document, counter)]
