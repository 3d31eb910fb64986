"""--help in the user's language: help texts are message keys, put into words when help is shown.

A command's ``help=`` and each option's ``help=`` is a key of kpi_cli/messages/help.py
(``help.score``, ``help.score.period``…). KpiGroup and KpiCommand translate them, with the panel
titles and the usage line, in the language the command would speak in (--lang on the command
line, KPI_LANG, kpi.toml, the locale) just before help is printed — never at import time, so
`kpi --help` stays fast and one process can show help in both languages.
Usage errors (an unknown option or command, a missing argument, a bad value) are put into the same
language by ``speak_usage_error`` before Typer prints them.
Only Click's and Typer's public API is used (Click as Typer ships it: the usage errors are found from
``typer.BadParameter``'s bases, their kinds by class name), except Typer's fixed strings ("[default: …]",
"[required]", the error panel's title and its "Try … for help" line), set only when they exist as
strings (see _typer_strings).
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
                       ("REQUIRED_LONG_STRING", t("help.required", lang)),
                       ("ERRORS_PANEL_TITLE", t("usage.error_title", lang)),
                       ("RICH_HELP", t("usage.try_help", lang, command_path="{command_path}",
                                       help_option="{help_option}"))):
        if isinstance(getattr(rich_utils, name, None), str):
            setattr(rich_utils, name, text)


def _usage_error_class() -> type[Exception]:
    import typer

    return next(c for c in type.mro(typer.BadParameter) if c.__name__ == "UsageError")


def _hint(exc) -> str:
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        try:
            hint = param.get_error_hint(getattr(exc, "ctx", None))  # Typer before 0.2x wants the context
        except TypeError:
            hint = param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(str(h) for h in hint)
    return str(hint or "")


def speak_usage_error(exc, lang: str, command: str | None = None) -> None:
    """Put a usage error of Click/Typer into ``lang`` in place: its kind, the option or command it
    names and what would have been valid stay; the exception, its exit code (2) and Typer's printing
    of it do not change. ``command``: the command name that was not found, for "no such command"."""
    import difflib
    import re

    from kpi_cli import t

    kind = type(exc).__name__
    message = str(getattr(exc, "message", "") or "")
    if kind == "NoArgsIsHelpError":  # the help itself, printed as it is
        return
    if kind == "NoSuchOption":
        text = t("usage.no_such_option", lang, option=exc.option_name)
        if exc.possibilities:
            text += " " + t("usage.did_you_mean", lang, options=", ".join(sorted(exc.possibilities)))
    elif kind == "MissingParameter":
        param = getattr(exc, "param", None)
        argument = (getattr(exc, "param_type", None) or getattr(param, "param_type_name", "")) == "argument"
        text = t("usage.missing_argument" if argument else "usage.missing_option", lang, name=_hint(exc))
    elif kind == "BadParameter":
        why = message.removeprefix("Value error, ")
        choice = re.fullmatch(r"(.+) is not one of (.+)\.", why)
        if choice:
            why = t("usage.not_a_choice", lang, value=choice[1], choices=choice[2])
        text = t("usage.bad_value", lang, name=_hint(exc) or "?", why=why)
    elif kind == "BadOptionUsage":
        key = "usage.takes_no_value" if "does not take a value" in message else "usage.needs_value"
        text = t(key, lang, option=exc.option_name)
    elif message.startswith("Got unexpected extra argument"):
        extra = re.search(r"\(([^()]*)\)\s*$", message)
        text = t("usage.extra_arguments", lang, args=extra[1] if extra else message)
    elif message.startswith("No such command") and command is not None:
        ctx = getattr(exc, "ctx", None)
        known = list(getattr(getattr(ctx, "command", None), "commands", {}) or [])
        text = t("usage.no_such_command", lang, command=command, commands=", ".join(known))
        close = difflib.get_close_matches(command, known, n=1)
        if close:
            text += " " + t("usage.did_you_mean_command", lang, command=close[0])
    else:  # a kind Click adds later: its own words, under our title
        return
    exc.message = text
    exc.format_message = lambda: text  # the subclasses build their own English around the message
    _typer_strings(lang)


class _Localised:
    def parse_args(self, ctx, args):
        # --help is handled while the arguments are parsed: keep them to find --lang and --config.
        ctx.meta.setdefault(_ARGS, list(args))
        try:
            return super().parse_args(ctx, args)
        except _usage_error_class() as exc:
            if getattr(exc, "ctx", None) is None:  # the parser raises some without one: add it for the usage line
                exc.ctx, exc.cmd = ctx, self
            speak_usage_error(exc, help_language(ctx))
            raise

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

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except _usage_error_class() as exc:  # no such command
            speak_usage_error(exc, help_language(ctx), command=args[0] if args else None)
            raise


class KpiCommand(_Localised, TyperCommand):
    """A Typer command whose --help speaks the user's language."""
