"""budgetrules plugin: mandatory contents (family ``mandatory``, MC1xx).

What a 部门预算/决算 disclosure must contain, with the required lists as rule parameters that rulesets replace.
The defaults are the national baseline — only what the national rules require (财预〔2016〕143号《地方预决算
公开操作规程》 and the 财政预决算 part of the 基层政务公开标准目录; 《预算法》第十四条; 《预算法实施条例》第六条),
as errors, with what those texts publish "逐步" as warnings; a regional template is a ruleset (see
``docs/rulesets.md``):

* MC101 every required table is published (title aliases, any order);
* MC102 every required explanation part is present (职能, 机构设置, 收支增减变化, 机关运行经费 for 行政/参公 units,
  政府采购, 名词解释; 国有资产 and 绩效 where the template has them);
* MC103 the tables the template explains one by one have their explanation (nationally the 三公 table's);
* MC104 an empty table says it is empty (one finding for a file whose tables are all empty); MC105 a table with
  data is not said to be empty;
* MC106 the table of contents matches the body, by name;
* MC107 a column holding amounts has a header (amounts in a headerless column are never summed).

A file holding only one half of a disclosure (its tables, or its text) is judged on that half only; see
:mod:`.common` for when each rule judges.
"""

from budgetrules import hookimpl

from .mc101 import required_table_missing
from .mc102 import required_section_missing
from .mc103 import table_without_explanation
from .mc104 import empty_table_without_note
from .mc105 import table_with_data_said_empty
from .mc106 import toc_mismatch
from .mc107 import amounts_in_unlabelled_column

RULES = (
    required_table_missing,
    required_section_missing,
    table_without_explanation,
    empty_table_without_note,
    table_with_data_said_empty,
    toc_mismatch,
    amounts_in_unlabelled_column,
)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)
