"""The shared tables find `<name>.py` and `<name>_*.py` in each app's tests, so the public
self-referral rows can sit beside another team's rows for the same app."""

from navigator.core.tests import test_accessibility, test_url_permissions
from navigator.core.tests.discovery import app_test_modules


def test_the_shared_tables_take_the_public_self_referral_modules():
    url_access = {module.__name__ for module in test_url_permissions.URL_ACCESS_MODULES}
    pages = {module.__name__ for module in test_accessibility.PAGE_MODULES}

    assert "navigator.referrals.tests.url_access_public" in url_access
    assert "navigator.referrals.tests.pages_public" in pages
    assert "self_referral:start" in test_url_permissions.URLS
    assert any(row.url_name == "self_referral:sent" for row in test_accessibility.PAGES)


def test_finds_only_the_name_itself_or_the_name_and_an_underscore():
    names = [module.__name__.rsplit(".", 1)[1] for module in app_test_modules("url_access")]

    assert names
    assert all(name == "url_access" or name.startswith("url_access_") for name in names)
    assert app_test_modules("url_acc") == []
