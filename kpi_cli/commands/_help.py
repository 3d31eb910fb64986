"""--help in the user's language: help texts are message keys, put into words when help is shown.

A command's ``help=`` and each option's ``help=`` is a key of kpi_cli/messages/help.py
(``help.score``, ``help.score.period``…). KpiGroup and KpiCommand translate them, with the panel
titles and the usage line, in the language the command would speak in (--lang on the command
line, KPI_LANG, kpi.toml, the locale) just before help is printed — never at import time, so
`kpi --help` stays fast and one process can show help in both languages.
Only Click's and Typer's public API is used, except two of Typer's fixed strings ("[default: …]",
"[required]"), set only when they exist as strings (see _typer_strings).
"""

from __future__ import annotations

from typer.core import TyperCommand, TyperGroup

HELP_KEY = "help."  # help texts that start with this are message keys
_ARGS = "kpi.help.args"  # ctx.meta: the command line as the outermost command received it
_LANG = "kpi.help.lang"  # ctx.meta: the language found, once per command line
_KEYS = "_kpi_help_keys"  # on a command or parameter: attribute → its message key


def help_language(ctx) -> str:
    """The language of the help (and of usage errors): that of the command being asked for."""
    lang = ctx.meta.get(_LANG)
    if lang is None:
        from kpi_cli.commands._common import command_language

        args = ctx.meta.get(_ARGS) or []
        lang = ctx.meta[_LANG] = command_language(_option_value(args, "--lang"), _option_value(args, "--config"))
    return lang


def _option_value(args: list[str], name: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _say(obj, attr: str, lang: str, key: str | None = None) -> None:
    """Set ``obj.attr`` to the text of its key (remembered on first use) in ``lang``."""
    from kpi_cli import t

    keys = obj.__dict__.setdefault(_KEYS, {})
    if attr not in keys:
        current = getattr(obj, attr, None)
        if key is None and not (isinstance(current, str) and current.startswith(HELP_KEY)):
            return
        keys[attr] = key or current
    # Help texts that list the input formats take them from the one table (kpi_cli/input_formats.py).
    from kpi_cli import format_words

    setattr(obj, attr, t(keys[attr], lang, **format_words()))


def localise(command, ctx, lang: str) -> None:
    """Put the help of ``command``, its parameters and (a group's) subcommands into ``lang``."""
    _say(command, "help", lang)
    for param in command.get_params(ctx):
        _say(param, "help", lang)
        panel = "help.panel.arguments" if param.param_type_name == "argument" else "help.panel.options"
        _say(param, "rich_help_panel", lang, panel)
    for sub in getattr(command, "commands", {}).values():
        _say(sub, "help", lang)
        _say(sub, "rich_help_panel", lang, "help.panel.commands")
    _typer_strings(lang)


def _typer_strings(lang: str) -> None:
    # Typer writes these two itself, from module constants it has had since it has a rich help
    # (0.6); when a version has no such string constant, nothing is set and they stay English.
    from kpi_cli import t

    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency
        return
    for name, text in (("DEFAULT_STRING", t("help.default", lang, value="{}")),
                       ("REQUIRED_LONG_STRING", t("help.required", lang))):
        if isinstance(getattr(rich_utils, name, None), str):
            setattr(rich_utils, name, text)


class _Localised:
    def parse_args(self, ctx, args):
        # --help is handled while the arguments are parsed: keep them to find --lang and --config.
        ctx.meta.setdefault(_ARGS, list(args))
        return super().parse_args(ctx, args)

    def format_help(self, ctx, formatter) -> None:
        localise(self, ctx, help_language(ctx))
        super().format_help(ctx, formatter)

    def format_usage(self, ctx, formatter) -> None:
        from kpi_cli import t

        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("help.usage", help_language(ctx)))

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            _say(option, "help", help_language(ctx), "help.opt.help")
        return option


class KpiGroup(_Localised, TyperGroup):
    """A Typer group whose --help speaks the user's language."""


class KpiCommand(_Localised, TyperCommand):
    """A Typer command whose --help speaks the user's language."""
