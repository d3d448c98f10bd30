"""Read the configuration file: YAML with line numbers for every complaint.

Order: parse (safe loader, duplicate keys refused), refuse a readable file that
holds a literal secret, resolve ``${VAR}`` / ``keyring:`` / ``credentials:``,
then validate with pydantic (unknown keys refused). Every error is a
``ConfigError`` reading FILE:LINE:COL: message, and never quotes a secret.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from pydantic import ValidationError

from livetweet.config.credentials import (
    SecretLookupError,
    expand_env,
    is_reference,
    lookup,
)
from livetweet.config.model import APP_NAME, ENV_PREFIX, Config, NetworksConfig

if TYPE_CHECKING:
    import yaml

Path_ = tuple[str, ...]


class ConfigError(Exception):
    """A configuration that cannot be used; the CLI prints it and exits 2."""

    def __init__(
        self, message: str, *, path: Path | None = None, line: int | None = None, column: int = 1
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        where = ""
        if path is not None:
            where = f"{path}:{line}:{column}: " if line is not None else f"{path}: "
        super().__init__(where + message)


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.yaml"


def load_config(
    path: Path | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    allow_missing_secrets: bool = False,
) -> Config:
    """The configuration from ``path`` (``--config``), else the user config file, else
    the defaults (dry-run). ``allow_missing_secrets`` turns keyring/credentials
    references with no stored value into None (``livetweet auth`` is about to store them).
    """
    environ = os.environ if env is None else env
    if path is None:
        file = default_config_path()
        if not file.exists():
            return _validate({}, None, {}, environ)
    else:
        file = Path(path)
        if not file.is_file():
            raise ConfigError("no such configuration file", path=file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot be read ({exc.__class__.__name__})", path=file) from exc
    data, marks = _parse(text, file)
    _refuse_readable_literal_secrets(data, marks, file)
    resolved = _resolve(
        data, marks=marks, file=file, env=environ, allow_missing=allow_missing_secrets
    )
    return _validate(resolved, file, marks, environ)


def _parse(text: str, file: Path) -> tuple[dict[str, Any], dict[Path_, tuple[int, int]]]:
    import yaml  # only when there is a file: a dry run without configuration skips it

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        marks: dict[Path_, tuple[int, int]] = {}
        _collect_marks(node, (), marks, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, 1)
        raise ConfigError(f"invalid YAML: {exc.problem}", path=file, line=line, column=col) from exc
    except yaml.YAMLError as exc:
        raise ConfigError("invalid YAML", path=file) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ConfigError("the configuration should be a mapping of keys", path=file, line=1)
    return data, marks


def _collect_marks(
    node: yaml.Node, prefix: Path_, marks: dict[Path_, tuple[int, int]], file: Path
) -> None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        key = str(key_node.value)
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if (*prefix, key) in marks:
            raise ConfigError(
                f"duplicate key {'.'.join((*prefix, key))}",
                path=file,
                line=where[0],
                column=where[1],
            )
        marks[(*prefix, key)] = where
        _collect_marks(value_node, (*prefix, key), marks, file)


def _secret_paths(data: Mapping[str, Any]) -> list[tuple[Path_, str]]:
    """(path, value) of every credential in the data, for the checks below."""
    found: list[tuple[Path_, str]] = []
    networks = data.get("networks")
    if not isinstance(networks, dict):
        return found
    for name, section in networks.items():
        model = NetworksConfig.model_fields.get(str(name))
        if model is None or not isinstance(section, dict) or model.annotation is None:
            continue
        secret_fields = getattr(model.annotation, "SECRET_FIELDS", ())
        for key, value in section.items():
            if key in secret_fields and isinstance(value, str):
                found.append((("networks", str(name), str(key)), value))
    return found


def _refuse_readable_literal_secrets(
    data: Mapping[str, Any], marks: Mapping[Path_, tuple[int, int]], file: Path
) -> None:
    if os.name != "posix":
        return
    mode = file.stat().st_mode
    if not mode & 0o077:
        return
    for path, value in _secret_paths(data):
        if not is_reference(value):
            line, col = marks.get(path, (None, 1))
            raise ConfigError(
                f"{'.'.join(path)} is a secret written in a file that other users can read "
                f"(mode {stat.filemode(mode)}); fix it with: chmod 600 {file} "
                "(or use ${VAR} or keyring:SERVICE/NAME)",
                path=file,
                line=line,
                column=col,
            )


def _resolve(
    data: dict[str, Any],
    *,
    marks: Mapping[Path_, tuple[int, int]],
    file: Path,
    env: Mapping[str, str],
    allow_missing: bool,
) -> dict[str, Any]:
    """``data`` with every reference replaced by its value. A disabled network's
    unresolvable references become None: a copied example must not need every secret."""
    networks = data.get("networks")
    networks = networks if isinstance(networks, dict) else {}

    def lenient(path: Path_) -> bool:
        if allow_missing:
            return True
        if len(path) < 2 or path[0] != "networks":
            return False
        section = networks.get(path[1])
        return not (isinstance(section, dict) and section.get("enabled") is True)

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, (*path, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, path) for v in value]
        if not isinstance(value, str):
            return value
        try:
            return _resolve_string(value, path, env)
        except SecretLookupError as exc:
            if lenient(path):
                return None
            line, col = marks.get(path, (None, 1))
            raise ConfigError(f"{'.'.join(path)}: {exc}", path=file, line=line, column=col) from exc

    resolved: dict[str, Any] = walk(data, ())
    return resolved


def _resolve_string(value: str, path: Path_, env: Mapping[str, str]) -> str:
    if is_reference(value) and not value.startswith("${"):
        if len(path) != 3 or path[0] != "networks":
            raise SecretLookupError("keyring: and credentials: are for credentials only")
        secret = lookup(value)
        if secret is None:
            raise SecretLookupError(
                f"nothing is stored under {value} (run: livetweet auth {path[1]})"
            )
        return secret
    return expand_env(value, env)


def _validate(
    data: dict[str, Any],
    file: Path | None,
    marks: Mapping[Path_, tuple[int, int]],
    env: Mapping[str, str],
) -> Config:
    try:
        config = Config(**data)
    except ValidationError as exc:
        raise _explain(exc, file, marks, env) from None
    config._source = file
    return config


def _explain(
    exc: ValidationError,
    file: Path | None,
    marks: Mapping[Path_, tuple[int, int]],
    env: Mapping[str, str],
) -> ConfigError:
    """One line per problem, each located in the file or the environment; the
    offending value is never quoted (it may be a secret)."""
    lines: list[str] = []
    first: tuple[int, int] | None = None
    for error in exc.errors(include_input=False, include_url=False):
        loc = tuple(str(p) for p in error["loc"])
        dotted = ".".join(loc)
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        env_name = ENV_PREFIX + "__".join(loc).upper()
        where = _nearest_mark(loc, marks)
        if env_name in env:
            lines.append(f"environment variable {env_name}: {message}")
        elif file is not None and where is not None:
            first = first or where
            lines.append(f"{file}:{where[0]}:{where[1]}: {dotted}: {message}")
        else:
            lines.append(f"{dotted}: {message}")
    if len(lines) == 1 and first is not None and file is not None:
        message = lines[0].split(": ", 1)[1]
        return ConfigError(message, path=file, line=first[0], column=first[1])
    combined = ConfigError("\n".join(lines))
    combined.path, combined.line = file, first[0] if first else None
    return combined


def _nearest_mark(
    loc: tuple[str, ...], marks: Mapping[Path_, tuple[int, int]]
) -> tuple[int, int] | None:
    for end in range(len(loc), 0, -1):
        if loc[:end] in marks:
            return marks[loc[:end]]
    return None
