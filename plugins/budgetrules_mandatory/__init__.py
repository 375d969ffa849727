"""budgetrules plugin: mandatory contents (family ``mandatory``, MC1xx).

What a 部门预算/决算 disclosure must contain (财预〔2016〕143号《地方预决算公开操作规程》; 《预算法》第十四条;
《预算法实施条例》第六条), with the required lists as rule parameters that rulesets replace:

* MC101 every required table is published (title aliases, any order);
* MC102 every required explanation part is present (职能, 机构设置, 机关运行经费, 政府采购, 国有资产, 绩效, 名词解释);
* MC103 every published table has its explanation (the 三公 explanation included);
* MC104 an empty table says it is empty; MC105 a table with data is not said to be empty;
* MC106 the table of contents matches the body;
* MC107 a column holding amounts has a header (amounts in a headerless column are never summed).
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
