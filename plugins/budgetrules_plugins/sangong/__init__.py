"""budgetrules plugin: 八项规定 and “三公”经费 (family ``sangong``, SG1xx).

The policy checks of the 三公 explanation (中央八项规定; 《党政机关厉行节约反对浪费条例》; 财预〔2016〕143号):

* SG101 a rise stated without its reason (“只减不增”); SG102 a fall without its reason; SG103 no change stated;
* SG108 a 决算 above its 预算 without the reason; SG109 a rise against last year's disclosure
  (``--previous``) that the text does not explain;
* SG104 公务用车购置费 against “未安排购置车辆” (or vehicles bought with no 购置费);
* SG105 average vehicle price, SG106 delegation size, SG107 会议费/培训费 per person-day, each limit a
  parameter naming the document that sets it.

Deliberately not here (no double reports): the 三公 table's own sums (AR106), the 三公 amounts of the text
against the table (NC101), the text's items adding up to its total (NC104), 30231 against 公务用车运行费 (XT104).
"""

from budgetrules import hookimpl

from .sg101 import rise_without_reason
from .sg102 import fall_without_reason
from .sg103 import change_not_stated
from .sg104 import car_purchase_contradicts_text
from .sg105 import car_price_above_cap
from .sg106 import delegation_too_large
from .sg107 import per_person_day_above_quota
from .sg108 import final_above_budget_without_reason
from .sg109 import rise_against_previous_year

RULES = (
    rise_without_reason,
    fall_without_reason,
    change_not_stated,
    car_purchase_contradicts_text,
    car_price_above_cap,
    delegation_too_large,
    per_person_day_above_quota,
    final_above_budget_without_reason,
    rise_against_previous_year,
)


@hookimpl
def register_rules(register):
    for r in RULES:
        register(r)
