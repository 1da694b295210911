"""`|day` writes what `|date:"j F Y"` writes, in every language and time zone."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import dateformat, translation

from brug.core.templatetags.brug_dates import weekday_day


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_day_is_the_date_filter_with_j_f_y(language):
    values = [date(2026, 1, 1), date(2026, 12, 31), date(2024, 2, 29),
              datetime(2026, 3, 31, 23, 30, tzinfo=UTC),  # already 1 April in Brussels
              None, ""]
    ours = Template("{% for v in values %}[{{ v|day }}]{% endfor %}")
    django = Template('{% for v in values %}[{{ v|date:"j F Y" }}]{% endfor %}')
    with translation.override(language):
        mine = ours.render(Context({"values": values}))
        assert mine == django.render(Context({"values": values}))
    assert "1 " in mine and "[]" in mine


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_weekday_day_is_dateformat_d_j_f(language):
    with translation.override(language):
        for offset in range(14):  # every weekday, across a month's end
            value = date(2026, 11, 25) + timedelta(days=offset)
            assert weekday_day(value) == dateformat.format(value, "D j F")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_writers_of_a_list_write_as_the_filters(language):
    from brug.core.templatetags.brug_dates import day, writers

    with translation.override(language):
        day_of, weekday_day_of = writers()
        for value in (date(2026, 1, 5), date(2026, 12, 31), None):
            assert day_of(value) == day(value)
        assert weekday_day_of(date(2026, 11, 23)) == dateformat.format(date(2026, 11, 23),
                                                                       "D j F")
