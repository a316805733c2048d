"""Krippendorff's alpha_U against published examples, DKPro Agreement's tests and plain loops.

Sources of the expected numbers:
- Krippendorff (2004), Content Analysis 2nd ed. p. 254 / "Measuring the reliability of
  qualitative text analysis data", Quality & Quantity 38, appendix: the two-coder example on the
  continuum [150, 450) with categories c and k. Its numbers here are as DKPro Agreement's
  Krippendorff2004Test states them (c: D_o .0144, D_e .0532, alpha .7286; k: D_e .0490,
  alpha 1; overall .8591) and as the text-alpha project reproduces them (.729, 1.0, .859).
- Krippendorff (1995), "On the reliability of unitizing continuous data", Sociological
  Methodology 25, p. 57: four two-coder examples A-D on 24 units, with the values as DKPro's
  Krippendorff1995Test states them. Observed disagreements and examples A and D match at the
  printed precision. The printed D_e of C is the paper's formula without its Σ l² term, and
  that of B the formula with g - l + 1 in its gap term: slips of the hand computation, each
  shown exactly below, where DKPro's tests tolerate both (0.02 in alpha).
- DKPro's own UnitizingAgreementTest cases, to 1e-4.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import AnnotatedDocument, Unit, compute_agreement, unitizing_alpha
from annotator.model import Span


def units_from(rows, stretch=1.0):
    """Rows of (rater, offset, length, label) as in DKPro's tests, scaled like createExample."""
    return [
        Unit(
            str(rater), int(offset * stretch), int(offset * stretch) + int(length * stretch), label
        )
        for rater, offset, length, label in rows
    ]


KRIPPENDORFF_2004 = [
    (0, 225, 70, "c"),
    (0, 370, 30, "c"),
    (1, 220, 80, "c"),
    (1, 355, 20, "c"),
    (1, 400, 20, "c"),
    (0, 180, 60, "k"),
    (0, 300, 50, "k"),
    (1, 180, 60, "k"),
    (1, 300, 50, "k"),
]

# Krippendorff 1995, p. 57: A Bertha/Bill, B John/Jill, C Gerret/Gill, D Heather/Hill.
KRIPPENDORFF_1995 = [
    (0, 2, 8, "A"),
    (0, 14, 6, "A"),
    (1, 4, 4, "A"),
    (1, 15, 2, "A"),
    (0, 0, 18, "B"),
    (1, 0, 2, "B"),
    (1, 2, 1, "B"),
    (1, 3, 1, "B"),
    (1, 4, 1, "B"),
    (1, 5, 1, "B"),
    (1, 6, 3, "B"),
    (1, 9, 1, "B"),
    (0, 2, 6, "C"),
    (0, 10, 2, "C"),
    (0, 14, 4, "C"),
    (0, 20, 2, "C"),
    (1, 0, 2, "C"),
    (1, 4, 4, "C"),
    (1, 10, 4, "C"),
    (1, 16, 2, "C"),
    (1, 20, 2, "C"),
    (0, 0, 2, "D"),
    (0, 2, 8, "D"),
    (0, 10, 4, "D"),
    (0, 14, 6, "D"),
    (0, 20, 4, "D"),
    (1, 0, 4, "D"),
    (1, 4, 4, "D"),
    (1, 8, 7, "D"),
    (1, 15, 2, "D"),
    (1, 17, 7, "D"),
]


def test_krippendorff_2004_worked_example():
    result = unitizing_alpha(units_from(KRIPPENDORFF_2004), ["0", "1"], 150, 450)
    c, k = result.labels["c"], result.labels["k"]
    assert c.observed_disagreement == pytest.approx(0.0144, abs=1e-4)
    assert c.expected_disagreement == pytest.approx(0.0532, abs=1e-4)
    assert c.value == pytest.approx(0.7286, abs=1e-4)
    assert k.observed_disagreement == 0
    assert k.expected_disagreement == pytest.approx(0.0490, abs=1e-4)
    assert k.value == 1
    # Published .8591 is 1 - .0144 / (.0532 + .0490): the book divides its rounded parts. Ours,
    # rounded the same way first, give its figure to the last digit; unrounded they give .8587.
    printed = [round(x, 4) for x in (c.observed_disagreement, c.expected_disagreement)]
    printed.append(round(k.expected_disagreement, 4))
    assert round(1 - printed[0] / (printed[1] + printed[2]), 4) == 0.8591
    assert result.overall.value == pytest.approx(0.8587, abs=5e-5)
    assert result.overall.value == pytest.approx(
        1 - c.observed_disagreement / (c.expected_disagreement + k.expected_disagreement)
    )


def test_krippendorff_1995_observed_disagreements():
    result = unitizing_alpha(units_from(KRIPPENDORFF_1995), ["0", "1"], 0, 24)
    observed = {label: r.observed_disagreement for label, r in result.labels.items()}
    assert observed == pytest.approx(
        {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}, abs=1e-5
    )


def _fine_1995():
    # The paper's values are those of the continuous limit: stretch the 24 units as DKPro does.
    stretch = 1200000 / 24
    return unitizing_alpha(
        units_from(KRIPPENDORFF_1995, stretch), ["0", "1"], 0, int(24 * stretch)
    ).labels


@pytest.mark.parametrize("label, alpha, expected", [("A", 0.553, 0.06990), ("D", 0.066, 0.41445)])
def test_krippendorff_1995_examples_a_and_d_at_the_published_precision(label, alpha, expected):
    result = _fine_1995()[label]
    # The paper prints alphas to three decimals and D_e to five: half a last digit either way.
    assert result.value == pytest.approx(alpha, abs=5e-4)
    assert result.expected_disagreement == pytest.approx(expected, abs=5e-6)


def test_krippendorff_1995_example_c_as_printed_leaves_out_the_unit_term():
    """The paper's D_e for C (.08642) is its own formula without Σ l² in the denominator.

    With the term (as in the paper's A and D, and in 2004) D_e is .09051, so alpha .693, not
    the printed .679; DKPro's implementation lands on the same values and accepts them within
    0.005 / 0.02. Shown here exactly, so the difference is explained rather than tolerated.
    """
    result = _fine_1995()["C"]
    units = [u for u in units_from(KRIPPENDORFF_1995) if u.label == "C"]
    lengths = [u.end - u.start for u in units]
    numerator = sum(Fraction((len(lengths) - 1) * 2 * n**3, 3) for n in lengths)  # gaps all 2
    continuum, raters = 24, 2
    with_term = (
        Fraction(2, continuum)
        * numerator
        / ((raters * continuum) ** 2 - sum(n * n for n in lengths))
    )
    without_term = Fraction(2, continuum) * numerator / (raters * continuum) ** 2
    assert result.expected_disagreement == pytest.approx(float(with_term), abs=5e-6)
    assert round(float(without_term), 5) == 0.08642
    assert 1 - result.observed_disagreement / float(without_term) == pytest.approx(0.679, abs=5e-4)


def test_krippendorff_1995_example_b_as_printed_counts_each_gap_one_longer():
    """The paper's D_e for B (1.17731, so alpha -.926) is its own formula with g - l + 1 in
    place of g - l in the gap term, the discrete form's count, for this example only.

    With g - l (as the paper's A needs: its printed D_e .06990 allows no + 1) D_e is 1.17578
    and alpha -.928. DKPro lands on the same values and accepts them within 0.005 / 0.02; no
    other reading of the example's data gives both the printed D_o and D_e. Shown here exactly.
    """
    result = _fine_1995()["B"]
    units = [u for u in units_from(KRIPPENDORFF_1995) if u.label == "B"]
    lengths = [u.end - u.start for u in units]
    # Each coder's units start at 0 and touch; each coder's one gap runs to the end.
    gaps = [24 - max(u.end for u in units if u.rater == rater) for rater in ("0", "1")]
    assert gaps == [6, 14]

    def expected(gap_term_extra: int) -> Fraction:
        numerator = sum(
            Fraction(2 * (len(lengths) - 1) * n**3, 3)
            + n * n * sum(g - n + gap_term_extra for g in gaps if g >= n)
            for n in lengths
        )
        continuum, raters = 24, 2
        return (
            Fraction(2, continuum)
            * numerator
            / ((raters * continuum) ** 2 - sum(n * n for n in lengths))
        )

    assert result.expected_disagreement == pytest.approx(float(expected(0)), abs=5e-6)
    assert round(result.value, 3) == -0.928
    assert round(float(expected(1)), 5) == 1.17731
    assert 1 - result.observed_disagreement / float(expected(1)) == pytest.approx(-0.926, abs=5e-4)


def test_krippendorff_1995_example_c_on_half_the_continuum():
    # DKPro: with 12 units instead of 24, D_e of C is .05494 and alpha .494.
    result = unitizing_alpha(units_from(KRIPPENDORFF_1995, 0.5), ["0", "1"], 0, 12)
    assert result.labels["C"].observed_disagreement == pytest.approx(0.02777, abs=1e-5)
    assert result.labels["C"].expected_disagreement == pytest.approx(0.05494, abs=1e-5)
    assert result.labels["C"].value == pytest.approx(0.494, abs=0.02)


def test_dkpro_unitizing_example():
    # r0: -11111111-   r1: --1-1-1---
    units = units_from([(0, 1, 8, "A"), (1, 2, 1, "A"), (1, 4, 1, "A"), (1, 6, 1, "A")])
    result = unitizing_alpha(units, ["0", "1"], 0, 10)
    assert result.labels["A"].observed_disagreement == pytest.approx(0.9100, abs=1e-4)
    assert result.labels["A"].expected_disagreement == pytest.approx(0.5351, abs=1e-4)
    assert result.labels["A"].value == pytest.approx(-0.7003, abs=1e-4)


def test_dkpro_single_unit_gives_zero_and_no_unit_gives_no_value():
    single = unitizing_alpha([Unit("0", 0, 1, "X")], ["0", "1", "2"], 0, 20)
    assert single.overall.value == 0
    empty = unitizing_alpha([], ["0", "1", "2"], 0, 20)
    assert empty.overall.value is None


@pytest.mark.parametrize(
    "first, second, distance",
    [
        # Krippendorff 2004 distances, as DKPro's testDistanceMetric2 lists them.
        ((225, 295), (220, 300), 50),
        ((370, 400), (355, 375), 850),
        # A unit inside the other coder's gap costs its length squared (400 = 20²).
        ((400, 420), None, 400),
        # DKPro testDistanceMetric: an 8-long unit against a 1-long one at 2: 1² + 6² = 37.
        ((1, 9), (2, 3), 37),
        ((1, 9), (4, 5), 25),
        ((1, 9), (6, 7), 29),
    ],
)
def test_single_pair_distances(first, second, distance):
    units = [Unit("i", *first, "c")] + ([Unit("j", *second, "c")] if second else [])
    length = 500
    result = unitizing_alpha(units, ["i", "j"], 0, length)
    # D_o = 2 Σδ / (m (m - 1) L²) with m = 2: Σδ = D_o L².
    assert result.labels["c"].observed_disagreement * length**2 == pytest.approx(distance)


def test_identical_unitizations_agree_perfectly():
    units = [Unit(r, s, e, lab) for r in "ABC" for s, e, lab in [(0, 5, "x"), (9, 20, "y")]]
    result = unitizing_alpha(units, ["A", "B", "C"], 0, 40)
    assert result.overall.value == 1
    assert all(r.value == 1 for r in result.labels.values())


def test_nested_same_label_units_of_one_rater_are_merged():
    nested = [Unit("A", 0, 10, "x"), Unit("A", 2, 5, "x"), Unit("B", 0, 10, "x")]
    result = unitizing_alpha(nested, ["A", "B"], 0, 30)
    assert result.overall.value == 1
    assert result.merged_units == 1


# -- the definition, written out as loops over segments --------------------------------------


def segments(units, begin, end):
    """A rater's continuum as (start, end, is_unit) segments, gaps between the units."""
    out, position = [], begin
    for start, stop in sorted(units):
        if start > position:
            out.append((position, start, False))
        out.append((start, stop, True))
        position = stop
    if position < end:
        out.append((position, end, False))
    return out


def delta(g, h):
    (gs, ge, g_unit), (hs, he, h_unit) = g, h
    if g_unit and h_unit and gs < he and hs < ge:
        return (gs - hs) ** 2 + (ge - he) ** 2
    if g_unit and not h_unit and hs <= gs and ge <= he:
        return (ge - gs) ** 2
    if h_unit and not g_unit and gs <= hs and he <= ge:
        return (he - hs) ** 2
    return 0


def alpha_by_definition(units_by_rater, begin, end):
    m, length = len(units_by_rater), end - begin
    segs = [segments(u, begin, end) for u in units_by_rater]
    observed = Fraction(
        sum(delta(g, h) for i, j in combinations(range(m), 2) for g in segs[i] for h in segs[j])
        * 2,
        m * (m - 1) * length**2,
    )
    lengths = [e - s for u in units_by_rater for s, e in u]
    gaps = [e - s for seg in segs for s, e, is_unit in seg if not is_unit]
    n = len(lengths)
    total = 0
    for unit_length in lengths:
        total += Fraction((n - 1) * (2 * unit_length**3 - 3 * unit_length**2 + unit_length), 3)
        total += unit_length**2 * sum(g - unit_length + 1 for g in gaps if g >= unit_length)
    expected = (
        Fraction(2, length)
        * total
        / (m * length * (m * length - 1) - sum(x * (x - 1) for x in lengths))
    )
    return observed, expected


def disjoint_units(draw, length):
    cuts = sorted(draw(st.sets(st.integers(0, length), max_size=10)))
    pairs = list(zip(cuts[::2], cuts[1::2]))
    return [(s, e) for s, e in pairs if e > s]


@st.composite
def unitizations(draw):
    length = draw(st.integers(5, 60))
    raters = draw(st.integers(2, 4))
    return length, [disjoint_units(draw, length) for _ in range(raters)]


@settings(max_examples=200, deadline=None)
@given(unitizations())
def test_alpha_u_equals_its_definition(case):
    length, by_rater = case
    names = [f"r{i}" for i in range(len(by_rater))]
    units = [Unit(name, s, e, "x") for name, u in zip(names, by_rater) for s, e in u]
    if not units:
        return
    result = unitizing_alpha(units, names, 0, length).labels["x"]
    observed, expected = alpha_by_definition(by_rater, 0, length)
    assert result.observed_disagreement == pytest.approx(float(observed), abs=1e-12)
    assert result.expected_disagreement == pytest.approx(float(expected), abs=1e-12)


def test_report_alpha_u_concatenates_the_documents():
    first, second = "a" * 30, "b" * 20
    layers_1 = {
        "A": [Span("1", "d1", "A", 2, 9, "actor", "a" * 7)],
        "B": [Span("2", "d1", "B", 3, 9, "actor", "a" * 6)],
    }
    layers_2 = {
        "A": [Span("3", "d2", "A", 0, 5, "source", "b" * 5)],
        "B": [Span("4", "d2", "B", 0, 5, "source", "b" * 5)],
    }
    documents = [
        AnnotatedDocument("d1", first, layers_1),
        AnnotatedDocument("d2", second, layers_2),
    ]
    block = compute_agreement(documents).to_dict()["measures"]["alpha_u"]
    expected = unitizing_alpha(
        [Unit("A", 2, 9, "actor"), Unit("B", 3, 9, "actor")]
        + [Unit("A", 30, 35, "source"), Unit("B", 30, 35, "source")],
        ["A", "B"],
        0,
        50,
    )
    assert block["value"] == expected.overall.value
    assert block["labels"]["actor"]["value"] == expected.labels["actor"].value
    assert block["continuum_length"] == 50 and block["parameters"]["documents"] == 2
