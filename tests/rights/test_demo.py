import pytest

from brug.demo import loader as demo
from brug.rights.models import FamilyFact, RightClaim


@pytest.mark.django_db
def test_demo_records_facts_and_claims():
    demo.load(families=12)
    assert FamilyFact.objects.count() > 10
    assert RightClaim.objects.exists()
