import pytest
from datetime import timedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from brug.rights import screening
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_shots(world, live_server, browser):
    child = (timezone.localdate() - timedelta(days=800)).isoformat()
    rows = "\n".join(f"gezin-{i},{child},9000,{14000 + i * 9000},nee" for i in range(8))
    rows += f"\nfout,{(timezone.localdate() + timedelta(days=40)).isoformat()},9000,1,nee"
    up = SimpleUploadedFile("gezinnen.csv", (
        "household_id,children_birth_dates,postcode,yearly_income,receives_leefloon\n"
        + rows + "\n").encode())
    run = screening.run_from_upload(actor=world.cora, upload=up, on=timezone.localdate())
    running = screening.run_from_upload(actor=world.cora, upload=SimpleUploadedFile(
        "tweede.csv", ("household_id,postcode\n" + "\n".join(f"h{i},9000" for i in range(900)) + "\n").encode()),
        on=timezone.localdate())
    while run.status != "done":
        run = screening.advance(actor=world.cora, run_id=run.pk)
    for width in (360, 1280):
        ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-BE")
        page = ctx.new_page()
        log_in(page, live_server, "cora", PASSWORD)
        page.goto(live_server.url + reverse("rights:screen"))
        page.screenshot(path=f"/tmp/r3_start_{width}.png", full_page=True)
        page.goto(live_server.url + reverse("rights:screen-run", args=[run.pk]))
        page.screenshot(path=f"/tmp/r3_run_{width}.png", full_page=True)
        print(width, page.evaluate("document.documentElement.scrollWidth"))
        if width == 360:
            page.goto(live_server.url + reverse("rights:screen-run", args=[running.pk]))
            page.wait_for_timeout(150)
            page.screenshot(path="/tmp/r3_progress_360.png", full_page=True)
            page.wait_for_selector("text=Resultaten per recht", timeout=20000)
            print("htmx finished the run")
        ctx.close()
