"""The life domains as plain data: the one list every app's domains are built from.

Plain strings and no Django, so the framework-free rights engine reads the same list;
`brug.core.domains` builds the choices classes from it. Labels are the Dutch msgids
(marked for `makemessages`, translated where the choices are shown).
"""


def gettext_noop(text: str) -> str:
    """What Django's gettext_noop does, without importing Django. The name is the point:
    `makemessages` (xgettext) extracts the arguments of `gettext_noop`, not of an alias."""
    return text


# (member name, code, label): the nine domains of the goal plan (VONK's doelenplan).
GOAL_PLAN = (
    ("WORK", "werk", gettext_noop("werk")),
    ("INCOME", "inkomen", gettext_noop("inkomen")),
    ("HOUSING", "huisvesting", gettext_noop("huisvesting")),
    ("HEALTH", "gezondheid", gettext_noop("gezondheid")),
    ("WELLBEING", "welbevinden", gettext_noop("welbevinden")),
    ("EDUCATION", "onderwijs", gettext_noop("onderwijs")),
    ("CHILDCARE", "kinderopvang", gettext_noop("kinderopvang")),
    ("PARENTING", "opvoeding", gettext_noop("opvoeding")),
    ("LEISURE", "vrije_tijd", gettext_noop("vrije tijd")),
)

# The levensweb of the sociale kaart and the signals: the nine and three more that services
# and barriers are about.
LEVENSWEB = GOAL_PLAN + (
    ("MOBILITY", "mobiliteit", gettext_noop("mobiliteit")),
    ("LEGAL", "juridisch", gettext_noop("juridische hulp")),
    ("FOOD", "voeding", gettext_noop("voeding en basisbehoeften")),
)
