"""Links made from one reversed template are the links `reverse()` gives."""

import pytest
from django.urls import reverse, set_script_prefix

from brug.core.links import link_maker


@pytest.mark.parametrize("name, args", [("trajectories:detail", (12, 3405)),
                                        ("consent:tab", (7,)), ("trajectories:tab", (1,)),
                                        ("families:list", ())])
def test_the_same_url_as_reverse(name, args):
    assert link_maker(name, len(args))(*args) == reverse(name, args=args)


def test_a_script_prefix_is_kept():
    set_script_prefix("/brug/")
    try:
        assert link_maker("consent:tab", 1)(5) == reverse("consent:tab", args=[5])
        assert link_maker("consent:tab", 1)(5).startswith("/brug/")
    finally:
        set_script_prefix("/")


def test_ids_must_be_numbers():
    with pytest.raises(TypeError):
        link_maker("consent:tab", 1)("5/../admin")
