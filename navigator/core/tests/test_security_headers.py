import pytest


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_with_a_nonce(client) -> None:
    response = client.get("/sign-in/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    # The NHS.UK template's inline script is allowed only through this request's nonce.
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_pages_refuse_framing_and_sniffing(client) -> None:
    response = client.get("/sign-in/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_https_requests_get_hsts_in_production(client, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/sign-in/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
