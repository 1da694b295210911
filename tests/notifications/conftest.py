from tests.portal.conftest import family_account, family_client  # noqa: F401 - fixtures
