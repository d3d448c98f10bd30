"""Read the configuration file: YAML with line numbers for every complaint.

Order: parse (safe loader, duplicate keys refused), refuse a readable file that
holds a literal secret, resolve ``${VAR}`` / ``keyring:`` / ``credentials:``,
then validate with pydantic (unknown keys refused). Every error is a
``ConfigError`` reading FILE:LINE:COL: message (or naming the environment
variable), in the user's language, and never quotes a value: any of them may be
a secret.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from pydantic_settings import SettingsError

from livetweet.config.credentials import (
    SecretLookupError,
    SecretMissingError,
    expand_env,
    is_reference,
    lookup,
)
from livetweet.config.model import ACCOUNT_MODELS, APP_NAME, ENV_PREFIX, Config, NetworksConfig
from livetweet.i18n import _

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
    skip_secrets: bool = False,
) -> Config:
    """The configuration from ``path`` (``--config``), else the user config file, else
    the defaults (dry-run). ``allow_missing_secrets`` turns keyring/credentials
    references with no stored value into None (``livetweet auth`` is about to store them);
    ``skip_secrets`` turns every unresolvable one into None (``agenda check --config``
    reads only the routing, on a machine that may hold no credentials).
    """
    environ = os.environ if env is None else env
    if path is None:
        file = default_config_path()
        if not file.exists():
            return _validate({}, None, {}, environ)
    else:
        file = Path(path)
        if file.is_dir():
            raise ConfigError(_("is a directory, not a configuration file"), path=file)
        if not file.is_file():
            raise ConfigError(_("no such configuration file"), path=file)
    text = _read_text(file)
    data, marks = _parse(text, file)
    _refuse_readable_literal_secrets(data, marks, file)
    resolved = _resolve(
        data,
        marks=marks,
        file=file,
        env=environ,
        allow_missing=allow_missing_secrets,
        skip=skip_secrets,
    )
    return _validate(resolved, file, marks, environ)


def _read_text(file: Path) -> str:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(_("cannot be read ({reason})").format(reason=reason), path=file) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(_("is not UTF-8 text; save it as UTF-8"), path=file, line=line) from None


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
        # PyYAML's wording is English and may quote the line (a literal secret): not shown.
        raise ConfigError(
            _(
                "invalid YAML here (check the indentation, and put a text holding "
                "': ' or ' #' between quotes)"
            ),
            path=file,
            line=line,
            column=col,
        ) from None
    except yaml.YAMLError:
        raise ConfigError(_("invalid YAML"), path=file) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ConfigError(_("the configuration should be a mapping of keys"), path=file, line=1)
    return data, marks


def _collect_marks(
    node: yaml.Node, prefix: Path_, marks: dict[Path_, tuple[int, int]], file: Path
) -> None:
    import yaml

    if isinstance(node, yaml.SequenceNode):  # accounts: and groups: are lists
        for index, item in enumerate(node.value):
            marks[(*prefix, str(index))] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _collect_marks(item, (*prefix, str(index)), marks, file)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        key = str(key_node.value)
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if (*prefix, key) in marks:
            raise ConfigError(
                _("duplicate key {key}").format(key=".".join((*prefix, key))),
                path=file,
                line=where[0],
                column=where[1],
            )
        marks[(*prefix, key)] = where
        _collect_marks(value_node, (*prefix, key), marks, file)


def _secret_paths(data: Mapping[str, Any]) -> list[tuple[Path_, str]]:
    """(path, value) of every credential in the data, for the checks below."""
    sections: list[tuple[Path_, dict[Any, Any], tuple[str, ...]]] = []
    networks = data.get("networks")
    for name, section in networks.items() if isinstance(networks, dict) else ():
        model = NetworksConfig.model_fields.get(str(name))
        if model is not None and isinstance(section, dict) and model.annotation is not None:
            fields = getattr(model.annotation, "SECRET_FIELDS", ())
            sections.append((("networks", str(name)), section, fields))
    accounts = data.get("accounts")
    for index, section in enumerate(accounts if isinstance(accounts, list) else ()):
        if isinstance(section, dict) and str(section.get("network")) in ACCOUNT_MODELS:
            fields = ACCOUNT_MODELS[str(section["network"])].SECRET_FIELDS
            sections.append((("accounts", str(index)), section, fields))
    return [
        ((*where, str(key)), value)
        for where, section, fields in sections
        for key, value in section.items()
        if key in fields and isinstance(value, str)
    ]


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
                _(
                    "{key} is a secret written in a file that other users can read "
                    "(mode {mode}); fix it with: chmod 600 {file} "
                    "(or use ${{VAR}} or keyring:SERVICE/NAME)"
                ).format(key=".".join(path), mode=stat.filemode(mode), file=file),
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
    skip: bool = False,
) -> dict[str, Any]:
    """``data`` with every reference replaced by its value. A disabled network's
    unresolvable references become None: a copied example must not need every secret.
    ``allow_missing`` (``livetweet auth``) turns only absent secrets into None: a broken
    source (credentials file, keyring) is an error, not a reason to ask again."""

    def lenient(path: Path_, error: SecretLookupError) -> bool:
        if skip:
            return True
        if allow_missing:
            return isinstance(error, SecretMissingError)
        section = _section(data, path)
        if section is None:
            return False
        if path[0] == "accounts":  # a declared account is enabled unless it says not
            return section.get("enabled", True) is False
        return section.get("enabled") is not True

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, (*path, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, str(i))) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return value
        try:
            return _resolve_string(value, path, env, data)
        except SecretLookupError as exc:
            if lenient(path, exc):
                return None
            line, col = marks.get(path, (None, 1))
            raise ConfigError(
                f"{'.'.join(path)}: {exc}", path=file, line=line, column=col
            ) from None

    resolved: dict[str, Any] = walk(data, ())
    return resolved


def _section(data: Mapping[str, Any], path: Path_) -> dict[Any, Any] | None:
    """The account section (``networks.<network>`` or ``accounts[i]``) ``path`` is in."""
    if len(path) < 2 or path[0] not in ("networks", "accounts"):
        return None
    parent = data.get(path[0])
    if isinstance(parent, dict):
        section = parent.get(path[1])
    elif isinstance(parent, list) and path[1].isdigit() and int(path[1]) < len(parent):
        section = parent[int(path[1])]
    else:
        return None
    return section if isinstance(section, dict) else None


def _resolve_string(
    value: str, path: Path_, env: Mapping[str, str], data: Mapping[str, Any]
) -> str:
    if is_reference(value) and not value.startswith("${"):
        section = _section(data, path)
        if len(path) != 3 or section is None:
            raise SecretLookupError(_("keyring: and credentials: are for credentials only"))
        secret = lookup(value)
        if secret is None:
            command = f"livetweet auth {path[1]}"
            if path[0] == "accounts":
                command = f"livetweet auth {section.get('network')} --account {section.get('id')}"
            raise SecretMissingError(
                _("nothing is stored under {reference} (run: {command})").format(
                    reference=value, command=command
                )
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
    except SettingsError as exc:  # a LIVETWEET_* variable that is not valid JSON
        raise _explain_environment(str(exc)) from None
    return config.read_from(file, dict(marks))


def _explain(
    exc: ValidationError,
    file: Path | None,
    marks: Mapping[Path_, tuple[int, int]],
    env: Mapping[str, str],
) -> ConfigError:
    """One line per problem, in the file's order, each located in the file or the
    environment; the offending value is never quoted (it may be a secret)."""
    located: list[tuple[tuple[int, int], str, str]] = []  # (line, col), key: message
    elsewhere: list[str] = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = _located(tuple(str(p) for p in error["loc"]), error["type"])
        reason = explain_error(error)
        message = f"{'.'.join(loc)}: {reason}"
        variable = _variable(loc, env)
        where = _nearest_mark(loc, marks)
        # The file's own key, or the nearest one above, unless a variable set it.
        in_file = file is not None and where is not None and (loc in marks or variable is None)
        if variable is not None and variable.upper() == _env_name(loc):
            elsewhere.append(_in_variable(variable, reason))
        elif in_file and where is not None:
            located.append((where, message, f"{file}:{where[0]}:{where[1]}: {message}"))
        elif variable is not None:  # a key inside a JSON variable (LIVETWEET_NETWORKS)
            elsewhere.append(_in_variable(variable, message))
        else:
            elsewhere.append(message)
    located.sort(key=lambda entry: entry[0])
    if len(located) == 1 and not elsewhere and file is not None:
        (line, column), message, _text = located[0]
        return ConfigError(message, path=file, line=line, column=column)
    combined = ConfigError("\n".join([text for _where, _m, text in located] + elsewhere))
    combined.path, combined.line = file, located[0][0][0] if located else None
    return combined


def _located(loc: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """``accounts.2.id`` rather than pydantic's ``accounts.2.mastodon.id`` (the network
    it picked the model by), and ``accounts.2.network`` for a bad or missing network."""
    if len(loc) >= 2 and loc[0] == "accounts" and loc[1].isdigit():
        if kind in ("union_tag_invalid", "union_tag_not_found") and len(loc) == 2:
            return (*loc, "network")
        if len(loc) >= 3 and loc[2] in ACCOUNT_MODELS:
            return (*loc[:2], *loc[3:])
    return loc


def _in_variable(name: str, message: str) -> str:
    return _("environment variable {name}: {message}").format(name=name, message=message)


def _env_name(loc: tuple[str, ...]) -> str:
    return ENV_PREFIX + "__".join(loc).upper()


def _variable(loc: tuple[str, ...], env: Mapping[str, str]) -> str | None:
    """The LIVETWEET_* variable that set ``loc`` (itself, or a JSON one above it)."""
    upper = {name.upper(): name for name in env if name.upper().startswith(ENV_PREFIX)}
    for end in range(len(loc), 0, -1):
        found = upper.get(_env_name(loc[:end]))
        if found is not None:
            return found
    return None


def _nearest_mark(
    loc: tuple[str, ...], marks: Mapping[Path_, tuple[int, int]]
) -> tuple[int, int] | None:
    for end in range(len(loc), 0, -1):
        if loc[:end] in marks:
            return marks[loc[:end]]
    return None


def _messages() -> dict[str, str]:
    """pydantic error types and their explanation (the value itself is never quoted);
    built at each use so that it follows the current language."""
    mapping = _("should be a mapping (key: value lines)")
    return {
        "missing": _("this key is required"),
        "union_tag_not_found": _("this key is required: x, mastodon or bluesky"),
        "union_tag_invalid": _("should be one of: x, mastodon, bluesky"),
        "list_type": _("should be a list (lines starting with '- ')"),
        "extra_forbidden": _("unknown key"),
        "bool_type": _("should be true or false"),
        "bool_parsing": _("should be true or false"),
        "int_type": _("should be a whole number"),
        "int_parsing": _("should be a whole number"),
        "int_from_float": _("should be a whole number"),
        "float_type": _("should be a number"),
        "float_parsing": _("should be a number"),
        "finite_number": _("should be a number"),
        "string_type": _("should be text (between quotes if need be)"),
        "dict_type": mapping,
        "model_type": mapping,
        "model_attributes_type": mapping,
        "path_type": _("should be a path"),
        "string_too_short": _("should not be empty"),
        "string_too_long": _("is too long (at most {max_length} characters)"),
        "greater_than": _("should be greater than {gt}"),
        "greater_than_equal": _("should be at least {ge}"),
        "less_than": _("should be less than {lt}"),
        "less_than_equal": _("should be at most {le}"),
    }


def explain_error(error: ErrorDetails) -> str:
    """One pydantic error in the user's language, from its type (pydantic's own
    message is English and some quote the value)."""
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "value_error" and "error" in context:
        return str(context["error"])  # our validators' messages, already translated
    if kind == "literal_error" and "expected" in context:
        expected = str(context["expected"]).replace(" or ", ", ")
        return _("should be one of: {expected}").format(expected=expected)
    template = _messages().get(kind)
    if template is None:
        return _("invalid value ({kind})").format(kind=kind)
    return template.format(**{k: _number(v) for k, v in context.items()})


def _number(value: Any) -> Any:
    """120.0 reads 120 in a message."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


_FIELD = re.compile(r'field "(\w+)"')


def _explain_environment(detail: str) -> ConfigError:
    """Name the LIVETWEET_* variable pydantic-settings could not parse, and where in
    its value, without quoting the value (it may hold a secret)."""
    found = _FIELD.search(detail)
    base = ENV_PREFIX + (found.group(1).upper() if found else "")
    candidates = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.upper() == base or name.upper().startswith(base + "__")
    )
    for name, value in candidates:
        try:
            json.loads(value)
        except json.JSONDecodeError as exc:
            return ConfigError(
                _(
                    "environment variable {name}: is not valid JSON (line {line}, column "
                    "{column}); for example {example}"
                ).format(
                    name=name,
                    line=exc.lineno,
                    column=exc.colno,
                    example='{"post": "ctrl+s"}'
                    if "KEYMAP" in name
                    else '{"x": {"enabled": true}}',
                )
            )
    return ConfigError(_("environment variable {name}: cannot be read").format(name=base))
