"""Configuration: defaults -> instance/config.py -> environment -> test overrides; production refuses weak setups."""

import pytest

from summit import config as config_module
from summit.config import ConfigError

STRONG = "Zq3-vT9xLp2_Kd8wRm5YbN1cHs6JfG4uEa7PiW0oQy"  # as secrets.token_urlsafe() makes them


@pytest.fixture
def instance(tmp_path, monkeypatch):
    for key in config_module.ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    return tmp_path


def test_defaults_give_a_working_development_setup(instance):
    config = config_module.load(str(instance))
    assert config["SUMMIT_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URL"] == f"sqlite:///{instance / 'summit.db'}"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["MAIL_BACKGROUND"] is True


def test_development_makes_a_random_key_once_and_keeps_it(instance):
    first = config_module.load(str(instance))["SECRET_KEY"]
    second = config_module.load(str(instance))["SECRET_KEY"]
    assert first == second and len(first) >= 48
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0


def test_each_layer_overrides_the_one_before(instance, monkeypatch):
    (instance / "config.py").write_text("BASE_URL = 'https://from-file.example'\nMAIL_FROM = 'file@example.org'\n")
    assert config_module.load(str(instance))["BASE_URL"] == "https://from-file.example"
    monkeypatch.setenv("BASE_URL", "https://from-env.example/")
    config = config_module.load(str(instance))
    assert config["BASE_URL"] == "https://from-env.example"
    assert config["MAIL_FROM"] == "file@example.org"
    assert config_module.load(str(instance), {"BASE_URL": "https://override.example"})["BASE_URL"] == (
        "https://override.example"
    )


def test_postgres_urls_use_psycopg3(instance, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/summit")
    assert config_module.load(str(instance))["SQLALCHEMY_DATABASE_URL"] == "postgresql+psycopg://u@db/summit"


@pytest.mark.parametrize("key", [
    None, "dev", "short-key",
    "a" * 32,  # long enough, but one character
    "ab" * 24, "0123456789" * 4, "password" * 4,  # too few distinct characters
    "Zq3-vT9xLp2_Kd8w" + "m" * 8 + "YbN1cHs6JfG4u",  # a run of one character
])
def test_production_refuses_a_missing_or_weak_secret_key(instance, monkeypatch, key):
    monkeypatch.setenv("SUMMIT_ENV", "production")
    monkeypatch.setenv("BASE_URL", "https://summit.example")
    if key:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        config_module.load(str(instance))
    assert not (instance / "secret_key").exists()


@pytest.mark.parametrize("key", [  # made by secrets.token_urlsafe(48), token_hex() and token_hex(16)
    "pePL6F9bqzmCv-r_n4s2D7gRUOhxx2DN2ifDbefUkT3PTrwjppq-pFsPu_fA-Mpk",
    "73588cb8e1e6d27daa6951d8e38b1039b20e35dadc4ed4b597bb5ab8531e2895",
    "15c520427bd7d1a54a8bc6532c412967",
])
def test_production_accepts_keys_made_by_the_secrets_module(instance, monkeypatch, key):
    monkeypatch.setenv("SUMMIT_ENV", "production")
    monkeypatch.setenv("BASE_URL", "https://summit.example")
    monkeypatch.setenv("SECRET_KEY", key)
    assert config_module.load(str(instance))["SECRET_KEY"] == key


def test_production_refuses_to_start_without_a_base_url(instance, monkeypatch):
    monkeypatch.setenv("SUMMIT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    with pytest.raises(ConfigError, match="BASE_URL"):
        config_module.load(str(instance))


def test_production_with_strong_settings_starts_with_secure_cookies(instance, monkeypatch):
    monkeypatch.setenv("SUMMIT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("BASE_URL", "https://summit.example")
    config = config_module.load(str(instance))
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SHOW_DEMO_BANNER"] is False
    assert config["MAIL_BACKGROUND"] is False


def test_only_tests_may_hash_passwords_cheaply(instance, monkeypatch):
    assert config_module.load(str(instance))["PASSWORD_HASH_PROFILE"] == "standard"
    assert config_module.load(str(instance), {"SUMMIT_ENV": "testing"})["PASSWORD_HASH_PROFILE"] == "cheap"
    with pytest.raises(ConfigError, match="tests only"):
        config_module.load(str(instance), {"PASSWORD_HASH_PROFILE": "cheap"})
    monkeypatch.setenv("SUMMIT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("BASE_URL", "https://summit.example")
    with pytest.raises(ConfigError, match="tests only"):
        config_module.load(str(instance), {"PASSWORD_HASH_PROFILE": "cheap"})
    with pytest.raises(ConfigError, match="must be one of standard, cheap"):
        config_module.load(str(instance), {"PASSWORD_HASH_PROFILE": "fast"})


def test_create_app_refuses_production_without_a_key(monkeypatch, tmp_path):
    from summit import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app({"SUMMIT_ENV": "production", "BASE_URL": "https://x.example",
                    "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_development_links_follow_the_port_the_site_is_served_on(instance, monkeypatch):
    assert config_module.load(str(instance))["BASE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "8301")
    config = config_module.load(str(instance))
    assert config["BASE_URL"] == "http://127.0.0.1:8301"
    monkeypatch.setenv("BASE_URL", "http://summit.local:9000")
    assert config_module.load(str(instance))["BASE_URL"] == "http://summit.local:9000"


@pytest.mark.parametrize("port", ["eighty", "-1"])
def test_a_port_that_is_not_a_number_is_refused(instance, monkeypatch, port):
    monkeypatch.setenv("PORT", port)
    with pytest.raises(ConfigError, match="PORT"):
        config_module.load(str(instance))


def test_trusted_hosts_come_from_base_url_except_in_testing(instance, monkeypatch):
    assert config_module.load(str(instance))["TRUSTED_HOSTS"] == ["127.0.0.1", "localhost"]
    monkeypatch.setenv("SUMMIT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("BASE_URL", "https://summit.example:8443/")
    assert config_module.load(str(instance))["TRUSTED_HOSTS"] == ["summit.example"]
    monkeypatch.setenv("TRUSTED_HOSTS", "summit.example, www.summit.example")
    assert config_module.load(str(instance))["TRUSTED_HOSTS"] == ["summit.example", "www.summit.example"]
    assert config_module.load(str(instance), {"SUMMIT_ENV": "testing", "TRUSTED_HOSTS": None})["TRUSTED_HOSTS"] is None
