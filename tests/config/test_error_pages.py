"""Clear pages for the errors a user can meet."""

from django.test import Client, override_settings


def test_an_unknown_page_is_a_friendly_404(student_client):
    response = student_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_server_error_is_a_plain_500_page(db, settings):
    settings.ROOT_URLCONF = "tests.config.boom_urls"
    response = Client(raise_request_exception=False).get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_forbidden_page_is_a_friendly_403(student_client, db, settings):
    settings.ROOT_URLCONF = "tests.config.boom_urls"
    response = student_client.get("/forbidden")
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
