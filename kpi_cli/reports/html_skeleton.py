"""Page skeletons: a Jinja2 template rendered once per page shape, then filled per page.

An export writes one page per employee from the same template; rendering it through Jinja2 each
time repeats the same work (the page shell and its CSS, the labels, every loop and test) and
escapes the same words again and again. A skeleton is the template rendered once with a
placeholder for every text of the page's context: split at the placeholders it is a list of fixed
pieces and of paths into the context. Filling it with another page's context of the same *shape*
(the same answers to every test the template makes, the same list lengths, the same fixed
numbers) gives exactly the bytes Jinja2 would: each text escaped by markupsafe as autoescaping
does, in the same places.

Safety: what may differ between pages of one shape is declared by the caller (``shape``, a
function of the context, and the paths it covers). Compiling a skeleton checks that every test the
template made on a text, every list and every non-text value of the context lies within what the
shape covers, and that the filled skeleton equals the real rendering of the page it came from;
otherwise that shape is rendered by Jinja2 every time. Nothing else changes the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from markupsafe import escape

# A placeholder: NUL, a number, NUL. The texts of a page pass through clean_text (no control
# characters) and no template holds a NUL; a probe with a NUL outside a placeholder gets no skeleton.
_HOLE = re.compile("\x00([0-9]+)\x00")

Path = tuple  # ("card", "groups", 2, "rows", 0, "value"): keys, attribute names and list indices


class _Probe(str):
    """A text's placeholder: renders as ``\\0k\\0``; tests its truth as the real text would, and
    records that the template tested it. Any other use of the text itself (comparing, measuring,
    slicing, adding) is recorded as unsupported: such a template is rendered by Jinja2."""

    def __new__(cls, k: int, path: Path, real: str, log: "_Log") -> "_Probe":
        self = super().__new__(cls, f"\x00{k}\x00")
        self.path, self.real, self.log = path, real, log
        return self

    def __bool__(self) -> bool:
        self.log.tested.append(self.path)
        return bool(self.real)

    def __len__(self) -> int:
        self.log.unsupported.append(self.path)
        return len(self.real)

    def _unsupported(self, *args, **kwargs):
        self.log.unsupported.append(self.path)
        return NotImplemented

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _unsupported
    __add__ = __radd__ = __mod__ = __mul__ = __rmul__ = _unsupported
    __hash__ = str.__hash__

    def __contains__(self, item) -> bool:
        self.log.unsupported.append(self.path)
        return item in self.real

    def __getitem__(self, item):
        self.log.unsupported.append(self.path)
        return self.real[item]

    def __iter__(self):
        self.log.unsupported.append(self.path)
        return iter(self.real)


class _Log:
    def __init__(self) -> None:
        self.tested: list[Path] = []
        self.unsupported: list[Path] = []


def _matches(path: Path, patterns: frozenset) -> bool:
    """Whether ``path`` is one of ``patterns`` (``"*"`` stands for any list index)."""
    return tuple("*" if isinstance(p, int) else p for p in path) in patterns


class Skeleton:
    """One shape's page: fixed pieces and the texts between them, filled by a generated function."""

    def __init__(self, fill: Callable[[dict, Callable], str]) -> None:
        self._fill = fill

    def fill(self, ctx: dict, escaped: dict, esc: Callable[[str], str]) -> str:
        """The page of ``ctx``: ``escaped`` holds texts already escaped, ``esc`` escapes the others."""
        return self._fill(ctx, escaped.get, esc)


class Skeletons:
    """The skeletons of one template for one set of pages, by shape.

    ``shape(ctx)``: a hashable key that answers every test the template makes and fixes every list
    length and every non-text value. ``tested``, ``lists``, ``fixed``: the paths (``"*"`` for any
    list index) whose truth, length or value the shape covers (a top-level name in ``fixed`` is
    rendered as it is, part of the fixed pieces); a template using anything else is rendered by
    Jinja2 for that shape (see the module's docstring).
    """

    def __init__(self, template, shape: Callable[[dict], Any], tested: set, lists: set, fixed: set,
                 limit: int = 4096) -> None:
        self.template = template
        self.shape = shape
        self.tested, self.lists, self.fixed = frozenset(tested), frozenset(lists), frozenset(fixed)
        self.limit = limit
        self._by_shape: dict[Any, Skeleton | None] = {}
        self._escaped: dict[str, str] = {}  # text → its escaped form, shared by the pages

    def esc(self, text: str) -> str:
        """``text`` escaped as Jinja2's autoescaping does (markupsafe), remembered: most texts of a
        page (measure names, targets, explanations, labels) repeat from page to page."""
        found = self._escaped.get(text)
        if found is None:
            if len(self._escaped) >= 200_000:
                self._escaped.clear()
            found = self._escaped[text] = str(escape(text))
        return found

    def render(self, ctx: dict) -> str:
        """The page of ``ctx``, byte for byte what ``template.render(ctx)`` gives."""
        key = self.shape(ctx)
        skeleton = self._by_shape.get(key, False)
        if skeleton is False:
            skeleton = self._compile(ctx)
            if len(self._by_shape) >= self.limit:
                self._by_shape.clear()
            self._by_shape[key] = skeleton
        if skeleton is None:
            return self.template.render(ctx)
        return skeleton.fill(ctx, self._escaped, self.esc)

    # --- compiling ----------------------------------------------------------------------------
    def _compile(self, ctx: dict) -> Skeleton | None:
        log = _Log()
        paths: list[Path] = []
        problems: list[str] = []
        probe = {k: v if (k,) in self.fixed else self._probe(v, (k,), f"c[{k!r}]", paths, log, problems)
                 for k, v in ctx.items()}
        if problems:
            return None
        rendered = self.template.render(probe)
        if log.unsupported or any(not _matches(p, self.tested) for p in log.tested):
            return None
        if "\x00" in _HOLE.sub("", rendered):
            return None
        parts = _HOLE.split(rendered)
        pieces = parts[0::2]
        holes = [paths[int(k)][1] for k in parts[1::2]]
        skeleton = Skeleton(_fill_function(pieces, holes))
        if skeleton.fill(ctx, self._escaped, self.esc) != self.template.render(ctx):  # the proof, once per shape
            return None
        return skeleton

    def _probe(self, value: Any, path: Path, expr: str, paths: list, log: _Log, problems: list) -> Any:
        """``value`` with every text replaced by a placeholder; ``paths`` gets each text's (path,
        Python expression reading it from the context ``c``)."""
        if type(value) is str:
            paths.append((path, expr))
            return _Probe(len(paths) - 1, path, value, log)
        if isinstance(value, SimpleNamespace):
            return type(value)(**{k: self._probe(v, path + (k,), f"{expr}.{k}", paths, log, problems)
                                  for k, v in vars(value).items()})
        if isinstance(value, dict):
            return {k: self._probe(v, path + (k,), f"{expr}[{k!r}]", paths, log, problems) for k, v in value.items()}
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
            return type(value)._make(self._probe(v, path + (f,), f"{expr}.{f}", paths, log, problems)
                                     for f, v in zip(value._fields, value))
        if isinstance(value, list):
            if not _matches(path, self.lists):
                problems.append(f"list {path}")
            return [self._probe(v, path + (i,), f"{expr}[{i}]", paths, log, problems) for i, v in enumerate(value)]
        if not (_matches(path, self.fixed) or (value is None and _matches(path, self.tested))):
            problems.append(f"value {path}")
        return value


def _fill_function(pieces: list[str], holes: list[str]) -> Callable[[dict, Callable, Callable], str]:
    """A function (ctx, known, esc) → the page: ``pieces`` with each hole's text (``holes``: Python
    expressions reading it from the context ``c``) escaped in between: ``known(text)`` is its
    escaped form when already known (an empty text: falls through to ``esc``, which gives '')."""
    parts = []
    for k, expr in enumerate(holes):
        parts += [f"P[{k}]", f"(k({expr}) or e({expr}))"]
    parts.append(f"P[{len(holes)}]")
    source = "def fill(c, k, e):\n    return ''.join((" + ", ".join(parts) + ",))\n"
    scope: dict = {"P": tuple(pieces)}
    exec(compile(source, "<kpi page skeleton>", "exec"), scope)  # our own code, from our own paths
    return scope["fill"]
