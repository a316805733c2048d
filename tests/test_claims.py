"""Reading a casualty claim's kind, count bounds and qualifier from its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from annotator.claim_commands import parse_claim as parse_claim_command
from annotator.claims import parse_claim
from annotator.schema import validate_attributes
from annotator.shipped import default_schema

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_7c2b1077bc7db6d9.txt"

# (text, kind, count_min, count_max, qualifier)
CASES = [
    # qualifiers before the number
    ("more than 1,000 people killed", "killed", 1001, None, "more than"),
    ("over 200 civilians were massacred", "killed", 201, None, "more than"),
    ("at least 12 dead", "killed", 12, None, "at least"),
    ("no fewer than 40 detained", "detained", 40, None, "at least"),
    ("up to 50 injured", "injured", None, 50, "up to"),
    ("as many as 50 may have died", "killed", None, 50, "up to"),
    ("fewer than 10 people died", "killed", None, 9, "up to"),
    ("about 30 detained", "detained", 30, 30, "about"),
    ("nearly 2.5 million fled", "displaced", 2_500_000, 2_500_000, "about"),
    ("an estimated 300 civilians died", "killed", 300, 300, "about"),
    # qualifiers after the number
    ("1,000 or more dead", "killed", 1000, None, "at least"),
    ("12+ killed", "killed", 12, None, "at least"),
    # ranges
    ("between 10 and 15 missing", "missing", 10, 15, "between"),
    ("10-15 wounded", "injured", 10, 15, "between"),
    ("10–15 wounded", "injured", 10, 15, "between"),
    ("from 300 to 400 arrested", "detained", 300, 400, "between"),
    ("two to three thousand people fled", "displaced", 2000, 3000, "between"),
    # vague amounts
    ("dozens were hurt", "injured", 24, 99, "unspecified"),
    ("hundreds of civilians", None, 200, 999, "unspecified"),
    ("scores were wounded", "injured", 40, 99, "unspecified"),
    ("thousands displaced", "displaced", 2000, 9999, "unspecified"),
    ("tens of thousands displaced", "displaced", 20_000, 99_999, "unspecified"),
    ("hundreds of thousands fled", "displaced", 200_000, 999_999, "unspecified"),
    ("several hundred arrested", "detained", 300, 900, "unspecified"),
    ("a few people were abducted", "detained", 2, 5, "unspecified"),
    ("at least dozens killed", "killed", 24, None, "at least"),
    ("many civilians were killed", "killed", None, None, "unspecified"),
    # numbers in words
    ("three soldiers were killed", "killed", 3, 3, "exact"),
    ("twenty-five killed", "killed", 25, 25, "exact"),
    ("a hundred displaced", "displaced", 100, 100, "exact"),
    ("two thousand fled", "displaced", 2000, 2000, "exact"),
    ("one hundred and twenty-five thousand displaced", "displaced", 125_000, 125_000, "exact"),
    ("a dozen abducted", "detained", 12, 12, "exact"),
    ("more than a dozen killed", "killed", 13, None, "more than"),
    ("no one was hurt", "injured", 0, 0, "exact"),
    # digits of other scripts and separators
    ("٣٠ killed", "killed", 30, 30, "exact"),
    ("۳۰ killed", "killed", 30, 30, "exact"),
    ("٣٠ قتيلا", "killed", 30, 30, "exact"),
    ("أكثر من ١٬٢٠٠ جريح", "injured", 1201, None, "more than"),
    ("مئات المدنيين قتلوا", "killed", 200, 999, "unspecified"),
    ("killed 1\u00a0200 people", "killed", 1200, 1200, "exact"),
    ("1.2 million displaced", "displaced", 1_200_000, 1_200_000, "exact"),
    ("12,345 people killed", "killed", 12_345, 12_345, "exact"),
    # kind words
    ("7 deaths", "killed", 7, 7, "exact"),
    ("the death toll rose to 85", "killed", 85, 85, "exact"),
    ("40 went missing", "missing", 40, 40, "exact"),
    ("4 kidnapped", "detained", 4, 4, "exact"),
    ("9 arrested", "detained", 9, 9, "exact"),
    ("11 people were hurt", "injured", 11, 11, "exact"),
    ("casualties mounted", None, None, None, None),
    # numbers that count something else
    ("Over four days, 30 people were killed", "killed", 30, 30, "exact"),
    ("in 2011, 300 people were killed", "killed", 300, 300, "exact"),
    ("2000 people fled", "displaced", 2000, 2000, "exact"),
    ("the 13-year civil war killed 500,000", "killed", 500_000, 500_000, "exact"),
    ("one of the worst attacks killed 20", "killed", 20, 20, "exact"),
    ("on March 8 40 were killed", "killed", 40, 40, "exact"),
    ("50% of the dead were civilians", "killed", None, None, None),
    ("1.5 killed", "killed", None, None, None),
    # which number belongs to the claim's kind
    ("5 killed, 3 injured", "killed", 5, 5, "exact"),
    ("killed 5, injured 3", "killed", 5, 5, "exact"),
    ("20 wounded and 10 killed", "injured", 20, 20, "exact"),
    ("Two gunmen killed 12 people", "killed", 12, 12, "exact"),
    ("", None, None, None, None),
]


@pytest.mark.parametrize(("text", "kind", "low", "high", "qualifier"), CASES)
def test_parse_claim(text, kind, low, high, qualifier):
    assert parse_claim(text) == {
        "kind": kind,
        "count_min": low,
        "count_max": high,
        "qualifier": qualifier,
    }


SEED_CLAIMS = [
    (
        "have killed more than 1,000 people over four days",
        {"kind": "killed", "count_min": 1001, "count_max": None, "qualifier": "more than"},
    ),
    (
        "dozens of revenge killings",
        {"kind": "killed", "count_min": 24, "count_max": 99, "qualifier": "unspecified"},
    ),
    (
        "many civilians were killed",
        {"kind": "killed", "count_min": None, "count_max": None, "qualifier": "unspecified"},
    ),
    (
        "hundreds of civilians were killed",
        {"kind": "killed", "count_min": 200, "count_max": 999, "qualifier": "unspecified"},
    ),
]


@pytest.mark.parametrize(("claim", "expected"), SEED_CLAIMS)
def test_the_seed_articles_claims(claim, expected):
    assert claim in SEED.read_text(encoding="utf-8")
    assert parse_claim(claim) == expected


def test_the_seed_sentence_ignores_the_four_days():
    first = SEED.read_text(encoding="utf-8").split(". ")[0]
    assert parse_claim(first)["count_min"] == 1001


def test_integer_values_are_ints():
    result = parse_claim("1.2 million displaced")
    assert type(result["count_min"]) is int and type(result["count_max"]) is int


DIGIT_SCRIPTS = {"ascii": "0123456789", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "eastern": "۰۱۲۳۴۵۶۷۸۹"}


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(sorted(DIGIT_SCRIPTS)))
def test_any_grouped_number_in_any_script(count, script):
    digits = f"{count:,}".translate(str.maketrans("0123456789", DIGIT_SCRIPTS[script]))
    assert parse_claim(f"{digits} people were killed")["count_min"] == count


PREFIXES = ["", "more than ", "at least ", "about ", "up to ", "fewer than ", "between 1 and "]
AMOUNTS = ["3", "25", "1,000", "twenty-five", "a hundred", "dozens", "hundreds of", "several"]
KINDS = ["killed", "wounded", "missing", "detained", "displaced"]


@given(st.sampled_from(PREFIXES), st.sampled_from(AMOUNTS), st.sampled_from(KINDS))
def test_parsed_claims_are_valid_attributes(prefix, amount, kind):
    attributes = parse_claim(f"{prefix}{amount} people {kind}")
    claim = default_schema().label("casualty_claim")
    assert attributes["kind"] is not None
    assert validate_attributes(claim, attributes) == []


def test_command_prints_json():
    result = CliRunner().invoke(parse_claim_command, ["at least 12 dead"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "kind": "killed",
        "count_min": 12,
        "count_max": None,
        "qualifier": "at least",
    }
