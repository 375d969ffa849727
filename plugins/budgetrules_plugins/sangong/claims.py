"""What the 三公 rules read: the claims of the clause reading of the 三公 explanation (``reading="sangong"``).

The claims extractor reads the explanation clause by clause (``budgetrules_plugins.claims.sangong``): each statement of an
item (``sangong.<item>``: amount, change or growth, with its stated ``reason`` and what it is ``against``), the
reasons given for a whole run, and the counts the per-unit limits apply to. The rules only select from them.
"""

from __future__ import annotations

from budgetrules.api import Amount, Claim, Document, subjects

#: The 三公 items, as subjects ``sangong.<item>`` and as the 三公 table's column keys.
ITEMS = subjects.SANGONG_ITEMS
#: How messages name the items.
NAMES = subjects.SANGONG_NAMES
_SUBJECTS = {f"sangong.{item}": item for item in ITEMS}


def clause_claims(doc: Document, quantity: str | None = None, subject: str | None = None) -> list[Claim]:
    """The claims of the clause reading, in order, of ``quantity`` and ``subject`` when given."""
    return [c for c in doc.claims if c.reading == "sangong" and (quantity is None or c.quantity == quantity)
            and (subject is None or c.subject == subject)]


def statements(doc: Document) -> list[Claim]:
    """Every statement of an item in the 三公 explanation (amounts, changes and growth rates), in reading order."""
    return [c for c in clause_claims(doc) if c.subject in _SUBJECTS and c.quantity in ("amount", "change", "growth")]


def item(claim: Claim) -> str:
    """The 三公 item a statement is about: ``total``, ``abroad``, ``car``, ``car_purchase``, ``car_running``,
    ``reception``."""
    return _SUBJECTS[claim.subject or ""]


def amount_of(claim: Claim) -> Amount:
    """The amount of a statement of quantity ``amount`` or ``change`` (those state amounts)."""
    assert isinstance(claim.value, Amount)
    return claim.value


def count_of(claim: Claim) -> int:
    """The number of a claim that states a count (``count``, and the ±1/0 of ``versus_budget``)."""
    assert isinstance(claim.value, int)
    return claim.value


def direction(claim: Claim) -> int:
    """+1 for a rise, −1 for a fall, 0 for no change."""
    value = claim.value.value if not isinstance(claim.value, int) else claim.value
    return (value > 0) - (value < 0)
