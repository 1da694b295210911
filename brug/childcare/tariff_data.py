"""Dated, sourced parameters of the inkomenstarief (rights-facts.md §5). Framework-free data.

A value the sources did not give is `None` with `verified=False` ("te verifiëren"): the price
module then says it does not know, it never guesses. Each set is valid for one calendar year
because the tariff is indexed every 1 January; a date after the last set has no parameters.
To add a year: copy a set, fill in the figures with their source, and add a test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from brug.childcare.price import Band, Figure, ParameterSet, gettext_noop

KNACK_2014 = ("https://moneytalk.knack.be/geld-en-beurs/"
              "nieuwe-tarieven-kinderopvang-vanaf-1-januari-2014/article-normal-346993.html")
VVSG_2024 = "https://www.vvsg.be/nieuws/indexering-inkomenstarief-baby-peuter"
STANDAARD_2017 = "https://www.standaard.be/cnt/dmf20161103_02553628"
OCMW_2022 = ("https://www.ravels.be/ocmw-tarief-kinderopvang; "
             "https://www.londerzeel.be/kinderopvang-verminderd-tarief-2")

L_MIN = gettext_noop("standaard minimumtarief per dag")
L_EXC = gettext_noop("uitzonderlijk minimumtarief per dag")
L_MAX = gettext_noop("maximumtarief per dag")
L_LOW = gettext_noop("laagst mogelijke tarief per dag")
L_CHILD = gettext_noop("kindkorting per bijkomend kind ten laste")
L_MULTI = gettext_noop("meerlingenkorting per meerling")
L_BANDS = gettext_noop("inkomensschijven")
L_OCMW_HALF = gettext_noop("minimum bij de helft van het tarief (OCMW)")
L_OCMW_HIGH = gettext_noop("vast OCMW-tarief (hoog)")
L_OCMW_LOW = gettext_noop("vast OCMW-tarief (laag)")


def unknown(key: str, label: str, note: str = "") -> Figure:
    return Figure(key, label, None, "", verified=False,
                  note=note or gettext_noop("niet gevonden in de bronnen: te verifiëren"))


PARAMETERS: tuple[ParameterSet, ...] = (
    # 2014: the structure of the ministerial decree, from a news report of the decree.
    ParameterSet(
        valid_from=date(2014, 1, 1), valid_until=date(2014, 12, 31), source=KNACK_2014,
        minimum=unknown("minimum", L_MIN, gettext_noop("de bron noemt geen minimumtarief")),
        maximum=Figure("maximum", L_MAX, D("27.71"), KNACK_2014),
        lowest=unknown("lowest", L_LOW),
        child_reduction=Figure("child_reduction", L_CHILD, D("3.14"), KNACK_2014),
        multiple_birth_reduction=Figure("multiple_birth_reduction", L_MULTI, D("3.14"),
                                        KNACK_2014),
        bands=(
            Band(D("41774.97"), "linear", coefficient=D("0.000385"), cap=D("15.88")),
            Band(D("59722.14"), "linear", coefficient=D("0.000380"), cap=D("20.95")),
            Band(D("63472.14"), "fixed", amount=D("21.55")),
            Band(D("67172.14"), "fixed", amount=D("22.15")),
            # "enz.": the source does not list the fixed steps up to the maximum.
            Band(D("100472.15"), "unknown"),
            Band(None, "maximum"),
        ),
        bands_figure=Figure("bands", L_BANDS, D("0"), KNACK_2014, verified=False,
                            note=gettext_noop("de vaste bedragen tussen € 67.172,15 en "
                                              "€ 100.472,15 ontbreken: te verifiëren")),
        ocmw_half_minimum=unknown("ocmw_half_minimum", L_OCMW_HALF),
        ocmw_fixed_high=unknown("ocmw_fixed_high", L_OCMW_HIGH),
        ocmw_fixed_low=unknown("ocmw_fixed_low", L_OCMW_LOW),
    ),
    # 2017: a news report of Kind en Gezin's letter to the parents (indexation +1,08%). The
    # bands, the lowest tariff and the meerlingenkorting are not in it.
    ParameterSet(
        valid_from=date(2017, 1, 1), valid_until=date(2017, 12, 31), source=STANDAARD_2017,
        minimum=Figure("minimum", L_MIN, D("5.07"), STANDAARD_2017),
        maximum=Figure("maximum", L_MAX, D("28.13"), STANDAARD_2017),
        lowest=unknown("lowest", L_LOW),
        child_reduction=Figure(
            "child_reduction", L_CHILD, D("3.18"), STANDAARD_2017, verified=False,
            note=gettext_noop("de bron zegt 'per kind' voor ouders met twee of meer kinderen "
                              "ten laste: te verifiëren of het eerste kind meetelt")),
        multiple_birth_reduction=unknown("multiple_birth_reduction", L_MULTI),
        bands=None, bands_figure=unknown("bands", L_BANDS),
        ocmw_half_minimum=unknown("ocmw_half_minimum", L_OCMW_HALF),
        ocmw_fixed_high=unknown("ocmw_fixed_high", L_OCMW_HIGH),
        ocmw_fixed_low=unknown("ocmw_fixed_low", L_OCMW_LOW),
    ),
    # 2022: only the OCMW tariffs are known (municipal pages); the rest was not found.
    ParameterSet(
        valid_from=date(2022, 1, 1), valid_until=date(2022, 12, 31), source=OCMW_2022,
        minimum=unknown("minimum", L_MIN), maximum=unknown("maximum", L_MAX),
        lowest=unknown("lowest", L_LOW),
        child_reduction=unknown("child_reduction", L_CHILD),
        multiple_birth_reduction=unknown("multiple_birth_reduction", L_MULTI),
        bands=None, bands_figure=unknown("bands", L_BANDS),
        ocmw_half_minimum=Figure("ocmw_half_minimum", L_OCMW_HALF, D("5.24"), OCMW_2022),
        ocmw_fixed_high=Figure("ocmw_fixed_high", L_OCMW_HIGH, D("5.37"), OCMW_2022),
        ocmw_fixed_low=Figure("ocmw_fixed_low", L_OCMW_LOW, D("1.69"), OCMW_2022),
    ),
    # 2024: the key amounts (indexed +4%, published 30-10-2023). The bands were not found.
    ParameterSet(
        valid_from=date(2024, 1, 1), valid_until=date(2024, 12, 31), source=VVSG_2024,
        minimum=Figure("minimum", L_MIN, D("6.24"), VVSG_2024),
        exceptional_minimum=Figure("exceptional_minimum", L_EXC, D("3.74"), VVSG_2024),
        maximum=Figure("maximum", L_MAX, D("34.64"), VVSG_2024),
        lowest=Figure("lowest", L_LOW, D("1.97"), VVSG_2024),
        child_reduction=Figure("child_reduction", L_CHILD, D("3.91"), VVSG_2024),
        multiple_birth_reduction=Figure("multiple_birth_reduction", L_MULTI, D("3.91"),
                                        VVSG_2024),
        bands=None, bands_figure=unknown("bands", L_BANDS),
        ocmw_half_minimum=unknown("ocmw_half_minimum", L_OCMW_HALF),
        ocmw_fixed_high=unknown("ocmw_fixed_high", L_OCMW_HIGH),
        ocmw_fixed_low=unknown("ocmw_fixed_low", L_OCMW_LOW),
    ),
    # 2025 and 2026: indexed on 1 January like every year, but no figures were found in the
    # sources searched (December 2026: news and Opgroeien pages for "inkomenstarief 2025/2026"
    # gave only the Dutch kinderopvangtoeslag). No set: the price page says the figures are
    # "nog niet gekend" and names the last known year. Add the sets with their source here.
)
