def test_it_shows_my_families_to_the_contact_person(world, as_alice):
    response = as_alice.get("/")
    assert response.status_code == 200
    assert "Gezin Test" in response.content.decode()
