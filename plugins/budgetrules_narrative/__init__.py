"""budgetrules plugin: narrative rules (family ``narrative``, NC1xx) — the numbers the prose states, checked.

The claims come from the ``extract_claims`` hook (the built-in extractor is :mod:`budgetrules_claims`); the
rules compare them with the tables (:mod:`.facts`) and with each other, always with the interval arithmetic
of :mod:`budgetrules.compare`:

* NC101 a stated amount equals its table amount;
* NC102 a stated share equals part ÷ whole;
* NC103 a stated growth rate equals change ÷ (current − change);
* NC104 parts add up to their whole (lists, 其中 breakdowns, staff counts, changes, counted lists);
* NC105 an itemised entry equals its table row;
* NC106 机关运行经费 equals 表六 公用经费 (warning);
* NC107 a 功能分类 name written next to its code is that code's name (warning).
"""

from budgetrules import hookimpl

from .nc101 import stated_amount_equals_table
from .nc102 import stated_share_equals_ratio
from .nc103 import stated_growth_equals_rate
from .nc104 import parts_add_up
from .nc105 import listed_item_equals_row
from .nc106 import agency_running_equals_public
from .nc107 import written_name_matches_code

RULES = (
    stated_amount_equals_table,
    stated_share_equals_ratio,
    stated_growth_equals_rate,
    parts_add_up,
    listed_item_equals_row,
    agency_running_equals_public,
    written_name_matches_code,
)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)
