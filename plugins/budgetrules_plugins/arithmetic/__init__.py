"""budgetrules plugin: within-table arithmetic (family ``arithmetic``, AR1xx).

Every identity a single table must satisfy: the classification hierarchy (AR101 类 = Σ 款, AR102 款 = Σ 项,
AR103 合计 = Σ 类), the columns of a row (AR104), the two sides of the summary tables (AR105), the “三公”
table (AR106), and a warning for rows listed without their parent (AR107). All sums are compared as intervals
with :mod:`budgetrules.core.compare`, so rounding is never reported; :mod:`budgetrules_plugins.arithmetic.structure`
holds what the rules share (columns, the row forest, messages).
"""

from budgetrules import hookimpl

from .ar101 import class_equals_sum_of_kuan
from .ar102 import kuan_equals_sum_of_xiang
from .ar103 import total_equals_sum_of_classes
from .ar104 import row_total_equals_sum_of_columns
from .ar105 import income_total_equals_expense_total
from .ar106 import sangong_adds_up
from .ar107 import child_without_parent

RULES = (
    class_equals_sum_of_kuan,
    kuan_equals_sum_of_xiang,
    total_equals_sum_of_classes,
    row_total_equals_sum_of_columns,
    income_total_equals_expense_total,
    sangong_adds_up,
    child_without_parent,
)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)
