"""The life domains as plain data: the one list every app's domains are built from.

Plain strings and no Django, so the framework-free rights engine reads the same list;
`brug.core.domains` builds the choices classes from it. Labels are the Dutch msgids
(marked for `makemessages`, translated where the choices are shown).
"""


def _noop(text: str) -> str:  # what gettext_noop does, without importing Django
    return text


# (member name, code, label): the nine domains of the goal plan (VONK's doelenplan).
GOAL_PLAN = (
    ("WORK", "werk", _noop("werk")),
    ("INCOME", "inkomen", _noop("inkomen")),
    ("HOUSING", "huisvesting", _noop("huisvesting")),
    ("HEALTH", "gezondheid", _noop("gezondheid")),
    ("WELLBEING", "welbevinden", _noop("welbevinden")),
    ("EDUCATION", "onderwijs", _noop("onderwijs")),
    ("CHILDCARE", "kinderopvang", _noop("kinderopvang")),
    ("PARENTING", "opvoeding", _noop("opvoeding")),
    ("LEISURE", "vrije_tijd", _noop("vrije tijd")),
)

# The levensweb of the sociale kaart and the signals: the nine and three more that services
# and barriers are about.
LEVENSWEB = GOAL_PLAN + (
    ("MOBILITY", "mobiliteit", _noop("mobiliteit")),
    ("LEGAL", "juridisch", _noop("juridische hulp")),
    ("FOOD", "voeding", _noop("voeding en basisbehoeften")),
)
