"""budgetrules plugin: cross-table consistency rules (family ``crosstable``, XT1xx).

The tables of a disclosure state the same quantities several times: the expense of a 功能分类 code in 表一,
表二 and 表三; its 一般公共预算 part in 表四, 表五 and 表二; the 基本支出 total in 表三, 表五 and 表六 …
:mod:`budgetrules_plugins.crosstable.statements` says which tables state which quantity, how their rows match, and which
place a disagreement is reported at (once per place, the odd one out).

* XT101 — the same code carries the same amount wherever the same quantity is stated;
* XT102 — a code with money in one table is listed by every other table that must contain it;
* XT103 — the 合计 rows (and the income-source lines) agree across tables;
* XT104 — 表六 30231 公务用车运行维护费 equals the “三公” table's 公务用车运行费.
"""

from budgetrules import hookimpl

from .xt101 import same_code_same_amount
from .xt102 import code_missing_from_table
from .xt103 import totals_agree
from .xt104 import car_running_matches_sangong

RULES = (same_code_same_amount, code_missing_from_table, totals_agree, car_running_matches_sangong)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)
