"""Small typed helpers that read the environment and fail loudly on bad values."""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(RuntimeError):
    pass


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ConfigError(f"Environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"Environment variable {name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"Environment variable {name} must be an integer, got {value!r}") from exc


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        result = float(value)
    except ValueError as exc:
        raise ConfigError(f"Environment variable {name} must be a number, got {value!r}") from exc
    if result != result or result in (float("inf"), float("-inf")):
        raise ConfigError(f"Environment variable {name} must be a finite number, got {value!r}")
    return result


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def dotenv_allowed() -> bool:
    """The .env rule: a local .env is read only when the real environment says this is not a
    production instance (TRYGG_PRODUCTION=0, as the Makefile exports for its targets).

    A production start (TRYGG_PRODUCTION unset or 1, docs/operations.md) never reads it, so a
    .env left behind by `make run` (TRYGG_DEBUG=1, TRYGG_DEMO=1) cannot switch debug or the demo
    logins on there.
    """
    return not env_bool("TRYGG_PRODUCTION", True)


def load_dotenv(path: Path) -> bool:
    """Read KEY=VALUE lines from a local .env (written by `make run`) when `dotenv_allowed()`;
    the real environment wins. Returns whether the file was read."""
    if not dotenv_allowed() or not path.is_file():
        return False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))
    return True
