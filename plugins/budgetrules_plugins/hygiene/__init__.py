"""budgetrules plugin: document hygiene (family ``hygiene``, HY1xx) — what a careful proof-reader catches.

* HY101 template placeholders left in the published text (``XX局``, ``XXX万元``, ``X月X日``, ``***``,
  ``（单位名称）``, rows of ``…``) — error;
* HY102 a title, heading or table title naming the disclosure with another year than the document's
  (``2018年部门预算`` in a 2019 budget) — error (warning when the document's own year is not clear);
* HY103 a 功能/经济分类 name of an older catalogue used in the prose (``医疗卫生与计划生育支出`` in a 2024
  document) — warning; names printed in table rows are CL102's;
* HY104 a code cell of a classification-coded table that cannot be a classification code (``2O1``, a 款
  printed ``7``, four or six digits) — error.
"""

from budgetrules import hookimpl

from .hy101 import template_placeholders
from .hy102 import title_names_another_year
from .hy103 import outdated_name_in_prose
from .hy104 import impossible_code

RULES = (template_placeholders, title_names_another_year, outdated_name_in_prose, impossible_code)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)
