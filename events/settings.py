"""Typed settings, read once from config/default.toml and overridden by EVENTS_* variables."""

from __future__ import annotations

import dataclasses
import os
import secrets
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = PROJECT_ROOT / "config" / "default.toml"
LANGUAGES = ("nl", "en")


class SettingsError(ValueError):
    """A setting has a value the app cannot work with; the message names the variable."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything the app can be configured with. Field name X is set by EVENTS_X."""

    database_url: str
    database_pool_size: int
    base_url: str
    host: str
    port: int
    secret_key: str
    default_language: str
    theme_css: str
    theme_fonts: str  # comma-separated font stylesheets inside the npm packages
    theme_class: str
    var_dir: Path
    smtp_url: str
    mail_from: str
    organiser_email: str
    dispatcher_enabled: bool
    mail_max_attempts: int
    mail_catchup_max_age_hours: float
    mail_safety_interval: float
    mail_lease_seconds: float
    mail_retry_seconds: float
    mail_batch_size: int
    mail_connections: int
    mail_build_processes: int
    rate_limits: str
    page_cache: bool
    retention_months: int
    manage_link_days: int

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file named by `sqlite:///relative/path` or `sqlite:////absolute/path`."""
        raw = self.database_url.split(":///", 1)[1]
        path = Path(raw)
        return path if path.is_absolute() else PROJECT_ROOT / path

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")


def _env_name(field: str) -> str:
    return f"EVENTS_{field.upper()}"


def _coerce(field: dataclasses.Field[Any], raw: Any) -> Any:
    name = _env_name(field.name)
    if field.type == "int":
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise SettingsError(f"{name} must be a whole number, got {raw!r}.") from None
    if field.type == "Path":
        return Path(str(raw))
    if field.type == "bool":
        if isinstance(raw, bool):
            return raw
        if str(raw).strip().lower() in ("1", "true", "yes", "on"):
            return True
        if str(raw).strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise SettingsError(f"{name} must be true or false, got {raw!r}.")
    if field.type == "float":
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise SettingsError(f"{name} must be a number, got {raw!r}.") from None
    return str(raw)


def _validate(values: dict[str, Any]) -> None:
    url = values["database_url"]
    scheme = urlsplit(url).scheme
    if scheme not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError(
            f"EVENTS_DATABASE_URL must start with sqlite:/// or postgresql://, got {url!r}."
        )
    if scheme == "sqlite" and ":///" not in url:
        raise SettingsError(
            "EVENTS_DATABASE_URL for SQLite looks like sqlite:///var/events.sqlite3."
        )
    base = urlsplit(values["base_url"])
    if base.scheme not in ("http", "https") or not base.netloc:
        raise SettingsError(
            f"EVENTS_BASE_URL must be an http(s) address such as https://parade.example.org, "
            f"got {values['base_url']!r}."
        )
    if not 1 <= values["port"] <= 65535:
        raise SettingsError(f"EVENTS_PORT must be between 1 and 65535, got {values['port']}.")
    if values["database_pool_size"] < 0:
        raise SettingsError("EVENTS_DATABASE_POOL_SIZE must be 0 or more.")
    _validate_mail(values)
    if values["default_language"] not in LANGUAGES:
        raise SettingsError(
            f"EVENTS_DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}, "
            f"got {values['default_language']!r}."
        )


def parse_rate_limits(value: str) -> dict[str, tuple[int, float]] | None:
    """`address=30/minute,email=5/hour` → {"address": (30, 60.0), ...}; "off" → None."""
    if value.strip().lower() == "off":
        return None
    seconds = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
    limits: dict[str, tuple[int, float]] = {}
    for part in value.split(","):
        key, _sep, rule = part.strip().partition("=")
        count, _slash, unit = rule.partition("/")
        if key not in ("address", "email") or not count.isdigit() or unit not in seconds:
            raise SettingsError(
                "EVENTS_RATE_LIMITS must be 'off' or like 'address=30/minute,email=5/hour', "
                f"got {value!r}."
            )
        limits[key] = (int(count), seconds[unit])
    return limits


def _validate_mail(values: dict[str, Any]) -> None:
    smtp = urlsplit(values["smtp_url"])
    if values["smtp_url"] and (smtp.scheme not in ("smtp", "smtps") or not smtp.hostname):
        raise SettingsError(
            "EVENTS_SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465 "
            f"(empty writes mail to files), got scheme {smtp.scheme!r}."
        )
    for name in ("mail_from", "organiser_email"):
        if "@" not in values[name] or any(char in values[name] for char in "\r\n<>"):
            raise SettingsError(
                f"EVENTS_{name.upper()} must be a plain e-mail address, got {values[name]!r}."
            )
    for name in ("mail_max_attempts", "mail_batch_size", "mail_connections"):
        if values[name] < 1:
            raise SettingsError(f"EVENTS_{name.upper()} must be 1 or more.")
    if values["mail_build_processes"] < 0:
        raise SettingsError("EVENTS_MAIL_BUILD_PROCESSES must be 0 or more.")
    for name in (
        "mail_catchup_max_age_hours",
        "mail_safety_interval",
        "mail_lease_seconds",
        "mail_retry_seconds",
    ):
        if values[name] <= 0:
            raise SettingsError(f"EVENTS_{name.upper()} must be more than 0.")


def _ensure_secret_key(var_dir: Path) -> str:
    """Read the generated key from var/, making it once when absent."""
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build the settings from the TOML defaults and the environment; raise SettingsError."""
    environ = dict(os.environ if environ is None else environ)
    with CONFIG_FILE.open("rb") as config_file:
        defaults = tomllib.load(config_file)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Settings):
        raw = environ.get(_env_name(field.name), defaults.get(field.name))
        if raw is None:
            raise SettingsError(f"{_env_name(field.name)} is not set and has no default.")
        values[field.name] = _coerce(field, raw)
    if values["database_url"].startswith("postgres://"):
        values["database_url"] = "postgresql://" + values["database_url"][len("postgres://") :]
    var_dir: Path = values["var_dir"]
    if not var_dir.is_absolute():
        values["var_dir"] = PROJECT_ROOT / var_dir
    _validate(values)
    parse_rate_limits(values["rate_limits"])
    if values["retention_months"] < 1:
        raise SettingsError("EVENTS_RETENTION_MONTHS must be 1 or more.")
    if values["manage_link_days"] < 0:
        raise SettingsError(
            "EVENTS_MANAGE_LINK_DAYS must be 0 (links last as long as the data) or more."
        )
    if not values["secret_key"]:
        values["secret_key"] = _ensure_secret_key(values["var_dir"])
    elif len(values["secret_key"]) < 32:
        raise SettingsError("EVENTS_SECRET_KEY must be at least 32 characters long.")
    return Settings(**values)
