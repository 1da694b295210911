"""The triggers that served the search's kept pages are gone from a migrated database."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.skipif("connection.vendor != 'postgresql'")]


def test_no_directory_table_keeps_a_caching_trigger_or_the_change_log():
    with connection.cursor() as cur:
        cur.execute("SELECT event_object_table, trigger_name FROM information_schema.triggers "
                    "WHERE event_object_table LIKE 'directory%%' AND (trigger_name LIKE "
                    "'%%_directory_version' OR trigger_name LIKE '%%_search_changed')")
        assert cur.fetchall() == []
        cur.execute("SELECT to_regclass('directory_search_change'), "
                    "to_regprocedure('directory_search_changed()')")
        assert cur.fetchone() == (None, None)
