"""budgetrules plugin: classification-code rules (family ``codes``, CL1xx).

The rules check printed 政府收支分类科目 codes and names against the year-versioned catalogues of
:mod:`budgetrules.catalogues`; :mod:`budgetrules_plugins.codes.naming` holds the one shared diagnosis of a printed row
and the precedence between the rules (one finding per row per root cause):

1. CL101 (code not in that year's list) and CL102 (name is not the code's name) — exclusive by construction;
2. CL104 (printed under another 类/款) and CL105 (wrong 人员经费/公用经费 column) — judged on the code the row
   means, skipped for rows 1 reports without a clear resolution;
3. CL103 (one code two names, two codes one name) — only among rows 1 finds nothing wrong with.

The fixed 类 lists printed in full (expense side of 表一 and 表四) are ordinary coded rows when printed with
codes: CL102 covers their names. CL106 covers the same list printed without codes (recognised by position)
and the other fixed list, the income sources, whose names are the statutory budget names.
"""

from budgetrules import hookimpl

from .cl101 import code_does_not_exist
from .cl102 import name_differs_from_catalogue
from .cl103 import inconsistent_code_names
from .cl104 import printed_under_wrong_parent
from .cl105 import econ_code_in_wrong_column
from .cl106 import budget_names

RULES = (
    code_does_not_exist,
    name_differs_from_catalogue,
    inconsistent_code_names,
    printed_under_wrong_parent,
    econ_code_in_wrong_column,
    budget_names,
)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)
