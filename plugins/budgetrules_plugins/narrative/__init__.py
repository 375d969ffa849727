"""budgetrules plugin: narrative rules (family ``narrative``, NC1xx) — the numbers the prose states, checked.

The claims come from the ``extract_claims`` hook (the built-in extractor is :mod:`budgetrules_plugins.claims`); the
rules compare them with the tables (:mod:`.facts`) and with each other, always with the interval arithmetic
of :mod:`budgetrules.core.compare`:

* NC101 a stated amount equals its table amount;
* NC102 a stated share equals part ÷ whole;
* NC103 a stated growth rate equals change ÷ (current − change);
* NC104 parts add up to their whole (lists, 其中 breakdowns, staff counts, changes, counted lists);
* NC105 an itemised entry equals its table row;
* NC106 机关运行经费 equals 表六 公用经费 (warning);
* NC107 a 功能分类 name written next to its code is that code's name (warning);
* NC108 a 决算's stated comparison with its 预算 (大于/小于/等于, 完成预算的 X%) agrees with the two figures;
* NC109 a stated change (增加/减少 X, 持平) equals this year's figure minus last year's stated figure;
* NC110 with last year's disclosure given (``--previous``), a stated 上年 figure and 比上年 change agree with
  last year's own tables (warning).

The same lookup (:func:`.facts.table_facts`) answers the ``resolve_quantity`` hook, through which declarative
rules and :func:`budgetrules.core.quantities.resolve` name table quantities with the claims' vocabulary.

Printed percentages that are only cut instead of rounded, or nudged by one unit so that a list adds up to 100%,
are warnings that say so (:mod:`.slips`); real mismatches are errors. Amounts in 元 and 万元 are compared in one
unit with the precision each print implies.
"""

from budgetrules import hookimpl

from .nc101 import stated_amount_equals_table
from .nc102 import stated_share_equals_ratio
from .nc103 import stated_growth_equals_rate
from .nc104 import parts_add_up
from .nc105 import listed_item_equals_row
from .nc106 import agency_running_equals_public
from .nc107 import written_name_matches_code
from .nc108 import final_versus_budget_agrees
from .nc109 import stated_change_equals_difference
from .nc110 import change_agrees_with_last_year

RULES = (
    stated_amount_equals_table,
    stated_share_equals_ratio,
    stated_growth_equals_rate,
    parts_add_up,
    listed_item_equals_row,
    agency_running_equals_public,
    written_name_matches_code,
    final_versus_budget_agrees,
    stated_change_equals_difference,
    change_agrees_with_last_year,
)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)


@hookimpl
def resolve_quantity(document, subject, scope):
    """The table cells stating ``subject`` for ``scope``: the lookup the NC rules check the prose with."""
    from .facts import table_facts

    return table_facts(document, subject, scope)
