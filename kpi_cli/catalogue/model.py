"""The role catalogue as plain, immutable objects: roles, dimensions, measures, grade bands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

RULES = ("higher", "lower", "rating", "yes_no", "deduct", "bands")
BONUS_RULE = "bonus"
UNITS = (
    "percent",
    "change_pct",
    "count",
    "seconds",
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "rating",
    "score",
    "ratio",
    "yes_no",
    "reduction_pct",
    "pp_change",
    "count_change",
)
SOURCES = (
    "report",
    "survey",
    "supervisor",
    "audit",
    "training_record",
    "manager_feedback",
    "accounts",
)
AGGREGATES = ("sum", "mean", "all")  # all: a yes/no standard met in every month
BASES = ("month", "quarter", "year")
# The assessment cycle (考核周期): the shortest period over which a measure is assessed.
CYCLES = ("month", "quarter", "half", "year")
PERIOD_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
ORIGINS = ("source", "derived")
KINDS = ("weighted", "veto", "bonus")
# The public order of params keys (the `kpi role show --format json` contract).
PARAM_KEYS = ("target", "excellent", "floor", "ceiling", "scale", "per_unit", "bands", "cap", "cap_grade")

DEFAULT_RATING_SCALE: tuple[tuple[float, float], ...] = (
    (1.0, 0.0),
    (2.0, 60.0),
    (3.0, 100.0),
    (4.0, 110.0),
    (5.0, 120.0),
)

# Bounds of what a figure of each unit can be; None = unbounded. Ratings use the scale instead.
UNIT_DOMAIN: dict[str, tuple[float | None, float | None]] = {
    "percent": (0.0, 100.0),
    "change_pct": (-100.0, None),
    "count": (0.0, None),
    "seconds": (0.0, None),
    "minutes": (0.0, None),
    "hours": (0.0, None),
    "days": (0.0, None),
    "weeks": (0.0, None),
    "months": (0.0, None),
    "rating": (None, None),
    "score": (0.0, 100.0),
    "ratio": (0.0, None),
    "yes_no": (0.0, 1.0),
    # A cut stored as a positive share (25 = 25% less): at most all of it; an increase is negative.
    "reduction_pct": (None, 100.0),
    # A change of a percentage in percentage points (99.0% → 99.5% is +0.5).
    "pp_change": (-100.0, 100.0),
    # A change of a count against last year (one complaint fewer is −1).
    "count_change": (None, None),
}


@dataclass(frozen=True)
class Measure:
    """One input column: a figure, the rule that turns it into points, and where it came from."""

    code: str
    name_zh: str
    name_en: str
    standard_zh: str
    standard_en: str
    source: str
    unit: str
    rule: str
    params: dict[str, Any]
    aggregate: str = "mean"
    basis: str | None = None
    cycle: str | None = None
    weight: float = 1.0
    origin: str = "source"
    derived_params: tuple[str, ...] = ()
    kind: str = "weighted"
    assessor_zh: str | None = None
    assessor_en: str | None = None
    checklist_zh: tuple[str, ...] = ()
    checklist_en: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other headers people give this column (短名, 旧名)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def labels(self) -> tuple[str, ...]:
        """Every text that names this measure in an input header: code, names, aliases."""
        return (self.code, self.name_zh, self.name_en, *self.aliases)

    def standard(self, lang: str) -> str:
        return self.standard_zh if lang == "zh" else self.standard_en

    @property
    def scale(self) -> tuple[tuple[float, float], ...]:
        """The rating scale as (value, points) pairs; the default 1–5 scale when none is given."""
        scale = self.params.get("scale")
        if not scale:
            return DEFAULT_RATING_SCALE
        return tuple((float(v), float(p)) for v, p in scale)

    @property
    def domain(self) -> tuple[float | None, float | None]:
        """The smallest and largest figure this measure accepts (None = no bound)."""
        if self.rule == "rating" or self.unit == "rating":
            scale = self.scale
            return scale[0][0], scale[-1][0]
        return UNIT_DOMAIN.get(self.unit, (None, None))

    @property
    def is_derived(self) -> bool:
        return self.origin == "derived" or bool(self.derived_params)

    @property
    def cycle_months(self) -> int:
        """Months of the shortest period this measure is assessed over (1 when it has no cycle)."""
        return PERIOD_MONTHS[self.cycle] if self.cycle else 1

    def due(self, months: float) -> bool:
        """True when a stretch of ``months`` months is long enough to assess this measure."""
        return months >= self.cycle_months


def needed_cycle(measure: Measure) -> str | None:
    """The shortest period over which a count standard is not all-or-nothing (None = any period).

    The scoring model's rule: scaled to the period (months ÷ basis months), a `lower` count's
    ceiling must stay at least one event above its target, and a `higher` count's floor at least
    one event below its target. None when the measure is not a scaled count or no period fits
    (a standard that even a year cannot grade: the catalogue check names it).
    """
    if measure.basis is None or measure.rule not in ("higher", "lower"):
        return None
    p = measure.params
    span = (p.get("ceiling", 0) - p["target"]) if measure.rule == "lower" else (p["target"] - p.get("floor", 0))
    basis_months = PERIOD_MONTHS[measure.basis]
    for cycle in CYCLES:
        if span * PERIOD_MONTHS[cycle] / basis_months >= 1 - 1e-9:
            return None if cycle == "month" else cycle
    return "year"


@dataclass(frozen=True)
class Dimension:
    """A weighted group of measures (考核指标)."""

    code: str
    name_zh: str
    name_en: str
    weight: float
    origin: str
    measures: tuple[Measure, ...]

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def measure_weight_total(self) -> float:
        return sum(m.weight for m in self.measures)


@dataclass(frozen=True)
class GradeBand:
    grade: str
    name_zh: str
    name_en: str
    min: float | None  # None for the lowest band
    coefficient: float | None = None  # 绩效系数: what the grade multiplies the bonus base by

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Quota:
    """At most (or at least) a share of a department in the given grades."""

    grades: tuple[str, ...]
    max_share: float | None = None
    min_share: float | None = None


COEFFICIENT_MODES = ("grade", "total")


@dataclass(frozen=True)
class PayPolicy:
    """How a grade becomes a performance coefficient (绩效系数), and whether quotas are enforced.

    ``mode`` "grade": each grade band's ``coefficient``; "total": the rounded total ÷ 100,
    clamped to [``min``, ``max``]. ``calibrate``: enforce the quotas (强制分布) by default.
    """

    mode: str = "grade"
    min: float | None = None
    max: float | None = None
    calibrate: bool = False


@dataclass(frozen=True)
class Department:
    code: str
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Role:
    """A job with its weighted dimensions; optional vetoes and bonuses for company catalogues."""

    code: str
    name_zh: str
    name_en: str
    department: Department
    origin: str
    dimensions: tuple[Dimension, ...]
    note_zh: str = ""
    note_en: str = ""
    grades: tuple[GradeBand, ...] | None = None
    vetoes: tuple[Measure, ...] = ()
    bonuses: tuple[Measure, ...] = ()
    aliases: tuple[str, ...] = ()  # everyday names of the role (采购员 for 采购)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def labels(self) -> tuple[str, ...]:
        """Every text that names this role in an input cell or a command: code, names, aliases."""
        return (self.code, self.name_zh, self.name_en, *self.aliases)

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The weighted measures, in column order."""
        return tuple(m for d in self.dimensions for m in d.measures)

    @property
    def all_measures(self) -> tuple[Measure, ...]:
        """Weighted measures, then vetoes, then bonuses: every input column of the role."""
        return self.measures + self.vetoes + self.bonuses

    def measure(self, code: str) -> Measure:
        for m in self.all_measures:
            if m.code == code:
                return m
        raise KeyError(code)

    def dimension_of(self, measure_code: str) -> Dimension:
        for d in self.dimensions:
            if any(m.code == measure_code for m in d.measures):
                return d
        raise KeyError(measure_code)

    def effective_weights(self) -> dict[str, float]:
        """Each weighted measure's share of the role in percent (dimension weight × share within it)."""
        out: dict[str, float] = {}
        for d in self.dimensions:
            total = d.measure_weight_total
            for m in d.measures:
                out[m.code] = d.weight * m.weight / total if total else 0.0
        return out

    @property
    def derived_share(self) -> float:
        """Share (0–1) of the role's weighted measures that carry any derived value."""
        ms = self.measures
        return sum(1 for m in ms if m.is_derived) / len(ms) if ms else 0.0


@dataclass(frozen=True)
class RaterPolicy:
    """How ratings from several raters combine (kpi.toml [raters]; see kpi_cli/readers/raters.py).

    ``weights``: rater type code → weight; empty = every rater counts the same (the mean). The
    weights of the types present for an employee are re-normalised. ``min_raters``: fewer raters
    than this for a measure is a warning and a flag (``min_raters_by_measure`` per measure code).
    ``exclude_self``: self-ratings are shown but not scored. ``spread``: raters of a 1–5 rating
    this far apart (max − min) are flagged.
    """

    weights: tuple[tuple[str, float], ...] = ()
    min_raters: int = 1
    min_raters_by_measure: tuple[tuple[str, int], ...] = ()
    exclude_self: bool = False
    spread: float = 2.0

    def weight_table(self) -> dict[str, float]:
        return dict(self.weights)

    def minimum(self, measure_code: str) -> int:
        return dict(self.min_raters_by_measure).get(measure_code, self.min_raters)


@dataclass(frozen=True)
class Catalogue:
    name_zh: str
    name_en: str
    version: str
    departments: dict[str, Department]
    grades: tuple[GradeBand, ...]
    quotas: tuple[Quota, ...]
    coverage_threshold: float
    roles: tuple[Role, ...]
    path: str = ""
    sha256: str = ""
    pay: PayPolicy = field(default_factory=PayPolicy)
    raters: RaterPolicy = field(default_factory=RaterPolicy)
    _by_code: dict[str, Role] = field(default_factory=dict, repr=False, compare=False)
    _by_label: dict[str, Role] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_code.update({r.code: r for r in self.roles})

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def __iter__(self) -> Iterator[Role]:
        return iter(self.roles)

    def __len__(self) -> int:
        return len(self.roles)

    def role(self, code: str) -> Role:
        return self._by_code[code]

    def get(self, code: str) -> Role | None:
        return self._by_code.get(code)

    def grades_for(self, role: Role) -> tuple[GradeBand, ...]:
        return role.grades or self.grades

    @property
    def has_coefficients(self) -> bool:
        """True when a coefficient can be given for every grade (or the mode needs none)."""
        if self.pay.mode == "total":
            return True
        bands = list(self.grades) + [b for r in self.roles for b in (r.grades or ())]
        return bool(bands) and all(b.coefficient is not None for b in bands)

    def lookup(self, text: object) -> Role | None:
        """The role whose code, Chinese or English name or alias matches ``text`` (case, width, spaces ignored)."""
        from kpi_cli.text import normalize_label

        if not self._by_label:
            for r in self.roles:  # codes and names first: an alias never shadows another role's name
                for label in (r.code, r.name_zh, r.name_en):
                    self._by_label.setdefault(normalize_label(label), r)
            for r in self.roles:
                for label in r.aliases:
                    self._by_label.setdefault(normalize_label(label), r)
        return self._by_label.get(normalize_label(text))

    def role_hint(self, text: object, lang: str) -> str:
        """The roles close to ``text`` for an unknown-role message ('客户咨询（cs_inquiry）、…'),
        or every role's code when none is close."""
        close = self.suggest(text)
        if lang == "zh":
            return "、".join(f"{r.name_zh}（{r.code}）" for r in close) or "、".join(r.code for r in self.roles)
        return ", ".join(f"{r.name_en} ({r.code})" for r in close) or ", ".join(r.code for r in self.roles)

    def suggest(self, text: object, n: int = 3) -> list[Role]:
        """Roles whose code or names are close to ``text``, best first."""
        import difflib

        from kpi_cli.text import normalize_label

        key = normalize_label(text)
        scored = []
        for r in self.roles:
            best = max(
                difflib.SequenceMatcher(None, key, normalize_label(label)).ratio()
                + (0.3 if key and key in normalize_label(label) else 0.0)
                for label in r.labels
            )
            scored.append((best, r))
        scored.sort(key=lambda x: -x[0])
        return [r for s, r in scored[:n] if s >= 0.35]
