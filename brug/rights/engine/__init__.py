"""Framework-free rights engine of Brug (no Django imports).

Typical use::

    from brug.rights.engine import default_catalogue, validate_household, evaluate
    cat = default_catalogue()
    household = validate_household(data, on, known_rights=cat.by_id)
    result = evaluate(cat, household, on)
"""

from .catalogue import (
    DOMAINS,
    GRANTING,
    LEVELS,
    PERIODS,
    Catalogue,
    Condition,
    Right,
    default_catalogue,
    load_catalogue,
)
from .csvio import (
    CSV_COLUMNS,
    CsvReadResult,
    RowError,
    household_data,
    read_households_csv,
    read_households_xlsx,
)
from .evaluate import (
    STATUS_LABELS,
    AmountEstimate,
    ConditionResult,
    Evaluation,
    Figure,
    RightResult,
    Status,
    evaluate,
    evaluate_right,
)
from .facts import (
    FACTS,
    INPUT_FACTS,
    FactDef,
    FactValidationError,
    Household,
    Member,
    validate_household,
)
from .parameters import DEFAULT_MAX_AGE_MONTHS, Parameter, ParamValue
from .poverty import PovertyCheck, poverty_check
from .questions import Question, order_questions
from .screening import (
    OUTPUT_COLUMNS,
    ScreeningResult,
    missed_rows,
    screen,
    screen_household,
    write_errors_csv,
    write_missed_csv,
    write_missed_xlsx,
)
from .yamlload import CatalogueError

__all__ = [
    "PovertyCheck",
    "poverty_check",
    "CSV_COLUMNS",
    "DEFAULT_MAX_AGE_MONTHS",
    "DOMAINS",
    "FACTS",
    "GRANTING",
    "INPUT_FACTS",
    "LEVELS",
    "OUTPUT_COLUMNS",
    "PERIODS",
    "STATUS_LABELS",
    "AmountEstimate",
    "Catalogue",
    "CatalogueError",
    "Condition",
    "ConditionResult",
    "CsvReadResult",
    "Evaluation",
    "FactDef",
    "FactValidationError",
    "Figure",
    "Household",
    "Member",
    "ParamValue",
    "Parameter",
    "Question",
    "Right",
    "RightResult",
    "RowError",
    "ScreeningResult",
    "Status",
    "default_catalogue",
    "evaluate",
    "evaluate_right",
    "load_catalogue",
    "missed_rows",
    "order_questions",
    "read_households_csv",
    "read_households_xlsx",
    "household_data",
    "screen",
    "screen_household",
    "validate_household",
    "write_errors_csv",
    "write_missed_csv",
    "write_missed_xlsx",
]
