import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


def test_demo_accounts_are_made_in_development(db, settings, capsys):
    settings.DEBUG = True
    call_command("demo_accounts")
    users = get_user_model().objects
    assert users.get(username="student").check_password("student")
    assert users.get(username="teacher").is_staff
    assert not users.get(username="student").is_staff
    assert "student / student" in capsys.readouterr().out


def test_demo_accounts_are_refused_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("demo_accounts")
    assert not get_user_model().objects.exists()
