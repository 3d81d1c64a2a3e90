"""What the user asked for, as typed: the note of an empty result names it."""

from __future__ import annotations

import re
import shlex
from typing import Any

# typer >= 0.26 vendors click as typer._click (see timeline.cli.run).
try:
    from typer._click import globals as click_globals  # type: ignore[import-not-found,unused-ignore]
    from typer._click.core import ParameterSource  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import globals as click_globals  # type: ignore[no-redef,import-not-found,unused-ignore]
    from click.core import ParameterSource  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]

__all__ = ["asked"]

#: What a shell would read otherwise; Chinese text and dates are shown as typed.
_SPECIAL = re.compile(r"[\s'\"\\$`!*?;&|<>(){}\[\]#~]")
#: Options that say where and how to write, not what to look for.
_NOT_ASKED = frozenset({"fmt", "output", "no_ids"})


def _words(param: Any, value: Any) -> list[str]:
    values = value if isinstance(value, (list, tuple)) else [value]
    if param.param_type_name == "argument":
        return [str(v) for v in values]
    name = max(param.opts, key=len)  # --tag, not -t: the note reads as words
    if value is True:
        return [name]
    return [word for v in values for word in (name, str(v))]


def asked() -> str:
    """The command and the filters given on the command line, e.g.
    ``search 不存在的词 --tag 病例`` (quoted as a shell would need)."""
    ctx: Any = click_globals.get_current_context(silent=True)
    if ctx is None:
        return "the selection"
    words = [ctx.info_name or ""]
    for param in ctx.command.params:
        name = param.name
        if not param.expose_value or name in _NOT_ASKED or name not in ctx.params:
            continue
        if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
            words += _words(param, ctx.params[name])
    return " ".join(shlex.quote(w) if _SPECIAL.search(w) or not w else w for w in words)
