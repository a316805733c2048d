"""Read a casualty claim's kind and numbers from its text, to pre-fill the claim's attributes.

`parse_claim("have killed more than 1,000 people")` gives
`{"kind": "killed", "count_min": 1001, "count_max": None, "qualifier": "more than"}`.

Conventions (the schema's `count_min` / `count_max` descriptions say the same):

- Counts are whole people and both bounds are **inclusive**; None means the text gives no bound.
  "more than 1,000" is 1001..None and "fewer than 10" is None..9, so a bound never needs the
  qualifier to be read correctly; the qualifier keeps the wording ("more than", not "at least").
- "about 30", "nearly 30", "some 30", "an estimated 30": 30..30, qualifier "about".
- "at least 12", "12 or more", "12+": 12..None. "up to 50", "as many as 50": None..50.
- "between 10 and 15", "10-15", "10 to 15": 10..15, qualifier "between".
  "two to three thousand" shares the scale: 2000..3000.
- Number words without a number are qualifier "unspecified". A plural unit runs from two of the
  unit to just below the next power of ten, where a writer would reach for the next word:
  tens 20-99, dozens 24-99, scores 40-99, hundreds 200-999, thousands 2,000-9,999,
  tens of thousands 20,000-99,999, hundreds of thousands 200,000-999,999, millions 2-9.99 million.
  "a few" is 2-5 and "several" 3-9, times any unit that follows ("several hundred": 300-900).
  "many" and "numerous" give no numbers at all.
- With a qualifier, "more than" adds one only to an exact number: "more than dozens" is 24..None.
- Digits in any script (Arabic-Indic "٣٠", Eastern "۳۰"), "1,000", "1 000" with a no-break or thin
  space, "1.2 million" and number words ("twenty-five", "a hundred", "two thousand") all count.
  A few Arabic kind words, qualifiers and plural units are read too ("أكثر من ١٠٠ جريح").
- One claim per call. The first kind word in the text is the claim's kind; each number belongs to
  the kind word nearest to it, and the claim takes the nearest number that belongs to its kind.
  Without a kind word the first number is taken. Numbers of days, years, percent etc. are ignored.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass

KINDS = {
    "killed": r"kill(?:ed|ing|ings|s)?|dead(?:ly)?|died|dies|dying|deaths?|massacr\w*|slain"
    r"|slaughter(?:ed)?|murder(?:ed|s)?|executed|executions?|fatalit(?:y|ies)|lost their lives",
    "injured": r"wound(?:ed|ing)?|injur(?:ed|ies|y|ing)|hurt",
    "missing": r"missing|disappeared|disappearances?|unaccounted",
    "detained": r"detain(?:ed|ees?|ing)?|detentions?|arrest(?:ed|s)?|abduct(?:ed|ions?)?"
    r"|kidnap(?:ped|pings?)?|captured|imprisoned|jailed|taken prisoner",
    "displaced": r"displace(?:d|ment)?|fled|flee(?:ing)?|uprooted|forced from their homes"
    r"|evacuated",
}
# Arabic stems, matched inside a word because Arabic attaches articles, conjunctions and case
# endings to it ("وقتلى", "قتيلا").
ARABIC_KINDS = {
    "killed": "قتيل|قتلى|مقتل|قتل",
    "injured": "جريح|جرحى|مصاب|إصابة|إصابات|أصيب",
    "missing": "مفقود",
    "detained": "معتقل|اعتقال|اختطاف|مخطوف",
    "displaced": "نازح|نزوح|تهجير|مهجر",
}
_KIND_WORDS = re.compile(
    "|".join(
        rf"(?P<{kind}>\b(?:{pattern}|\w*(?:{ARABIC_KINDS[kind]})\w*)\b)"
        for kind, pattern in KINDS.items()
    )
)

# Words after a number that make it a count of people even when it looks like a year.
_PEOPLE = re.compile(
    r"(?:people|persons?|civilians?|children|women|men|residents|villagers|soldiers|fighters"
    r"|troops|militants|members|refugees|families|bodies|victims|prisoners|detainees|protesters"
    r"|\w*(?:شخص|أشخاص|مدني))\Z"
)

# Tokens: numbers with their separators, words, and single punctuation marks. Punctuation is
# kept because "5 killed, 3 injured" needs the comma to tell which kind each number belongs to.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+\Z")
_PLAIN = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?\Z")
_SPACED_THOUSANDS = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))")

UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    word: 10 * value
    for value, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
GROUPS = {"dozen": 12, "score": 20}
PLURAL_UNITS = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 10**6,
    "عشرات": 10,
    "مئات": 100,
    "آلاف": 1000,
}
FEW = {("a", "few"): (2, 5), ("several",): (3, 9)}
NO_NUMBER = {"many", "numerous", "countless"}
NOBODY = {("no", "one"), ("nobody",), ("none",)}

# (words, qualifier, strict): strict bounds exclude the number itself ("more than", "fewer than").
PREFIXES = [
    (("more", "than"), "more than", True),
    (("over",), "more than", True),
    (("above",), "more than", True),
    (("in", "excess", "of"), "more than", True),
    (("upwards", "of"), "more than", True),
    (("at", "least"), "at least", False),
    (("no", "fewer", "than"), "at least", False),
    (("no", "less", "than"), "at least", False),
    (("not", "less", "than"), "at least", False),
    (("a", "minimum", "of"), "at least", False),
    (("about",), "about", False),
    (("around",), "about", False),
    (("approximately",), "about", False),
    (("roughly",), "about", False),
    (("some",), "about", False),
    (("nearly",), "about", False),
    (("almost",), "about", False),
    (("close", "to"), "about", False),
    (("an", "estimated"), "about", False),
    (("estimated",), "about", False),
    (("up", "to"), "up to", False),
    (("as", "many", "as"), "up to", False),
    (("at", "most"), "up to", False),
    (("no", "more", "than"), "up to", False),
    (("not", "more", "than"), "up to", False),
    (("fewer", "than"), "up to", True),
    (("less", "than"), "up to", True),
    (("under",), "up to", True),
    (("below",), "up to", True),
    (("أكثر", "من"), "more than", True),
    (("ما", "لا", "يقل", "عن"), "at least", False),
    (("حوالي",), "about", False),
    (("نحو",), "about", False),
    (("قرابة",), "about", False),
]
SUFFIXES = [
    (("or", "more"), "at least", False),
    (("+",), "at least", False),
    (("plus",), "at least", False),
    (("or", "so"), "about", False),
    (("or", "fewer"), "up to", False),
    (("or", "less"), "up to", False),
]

MONTHS = set(
    "january february march april may june july august september october november december".split()
)
# A number followed by one of these measures time, distance or a share, not people. "May" is left
# out: "50 may have died" is a count.
NOT_PEOPLE = (MONTHS - {"may"}) | set(
    "second seconds minute minutes hour hours day days night nights week weeks month months "
    "year years decade decades century centuries km kilometre kilometres kilometer kilometers "
    "mile miles metre metres meter meters percent per % times am pm th st nd rd".split()
)


@dataclass(frozen=True)
class _Number:
    value: float
    end: int  # index of the first token after the number
    scale: int = 1  # the trailing scale word's value: 1000 in "three thousand"


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    low: int | None
    high: int | None
    qualifier: str


def parse_claim(text: str) -> dict:
    """The kind, inclusive count bounds and qualifier a claim's text states; None where it
    states none. See the module docstring for the conventions."""
    normal = normalise(text)
    tokens, starts = _tokenise(normal)
    kinds = [
        (bisect.bisect_left(starts, m.start()), m.lastgroup) for m in _KIND_WORDS.finditer(normal)
    ]
    kind_tokens = [index for index, _ in kinds]
    quantity = _claim_quantity(_quantities(tokens, kind_tokens), kind_tokens)
    return {
        "kind": kinds[0][1] if kinds else None,
        "count_min": quantity.low if quantity else None,
        "count_max": quantity.high if quantity else None,
        "qualifier": quantity.qualifier if quantity else None,
    }


def normalise(text: str) -> str:
    """Casefold and turn digits of every script into ASCII, keeping number punctuation."""
    text = _SPACED_THOUSANDS.sub(",", text.casefold())
    # Arabic decimal and thousands separators; dashes of every width are range marks.
    text = text.translate({0x066B: ".", 0x066C: ",", 0x2013: "-", 0x2014: "-", 0x2212: "-"})
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def _tokenise(text: str) -> tuple[list[str], list[int]]:
    matches = list(_TOKEN.finditer(text))
    return [m.group() for m in matches], [m.start() for m in matches]


# -- choosing the claim's number --------------------------------------------------------------------


def _claim_quantity(quantities: list[_Quantity], kind_tokens: list[int]) -> _Quantity | None:
    if not kind_tokens:
        return quantities[0] if quantities else None
    first_kind = kind_tokens[0]
    own = [q for q in quantities if _nearest(q, kind_tokens) == first_kind]
    return min(own, key=lambda q: _distance(q, first_kind), default=None)


def _nearest(quantity: _Quantity, kind_tokens: list[int]) -> int:
    return min(kind_tokens, key=lambda k: (_distance(quantity, k), k))


def _distance(quantity: _Quantity, kind_token: int) -> int:
    if kind_token >= quantity.end:
        return kind_token - quantity.end
    return max(quantity.start - kind_token - 1, 0)


def _quantities(tokens: list[str], kind_tokens: list[int]) -> list[_Quantity]:
    found = []
    i = 0
    while i < len(tokens):
        quantity = _quantity_at(tokens, i)
        if quantity is None or _measures_something_else(tokens, quantity, kind_tokens):
            i += 1
            continue
        found.append(quantity)
        i = quantity.end
    return found


def _measures_something_else(
    tokens: list[str], quantity: _Quantity, kind_tokens: list[int]
) -> bool:
    following = _at(tokens, quantity.end + (_at(tokens, quantity.end) == "-"))
    previous = _at(tokens, quantity.start - 1)
    partitive = tokens[quantity.start] == "one" and following == "of"  # "one of the worst"
    counts_people = quantity.end in kind_tokens or bool(_PEOPLE.match(following))
    year = _looks_like_a_year(tokens, quantity) and not counts_people
    return following in NOT_PEOPLE or previous in MONTHS or partitive or year


def _looks_like_a_year(tokens: list[str], quantity: _Quantity) -> bool:
    # "since 2011": a bare four-digit number in the range of recent years ("2,000" is not).
    word = tokens[quantity.start]
    single = quantity.end - quantity.start == 1
    return single and len(word) == 4 and word.isdigit() and 1900 <= int(word) <= 2099


def _at(tokens: list[str], i: int) -> str:
    return tokens[i] if 0 <= i < len(tokens) else ""


def _match(tokens: list[str], i: int, words: tuple[str, ...]) -> bool:
    return tuple(tokens[i : i + len(words)]) == words


# -- one quantity: [prefix] base [suffix] -----------------------------------------------------------


def _quantity_at(tokens: list[str], i: int) -> _Quantity | None:
    prefix = next((p for p in PREFIXES if _match(tokens, i, p[0])), None)
    start = i
    if prefix:
        i += len(prefix[0])
    base = _base_at(tokens, i)
    if base is None:
        return None
    low, high, form, end = base
    if prefix is None:
        prefix = next((s for s in SUFFIXES if _match(tokens, end, s[0])), None)
        end += len(prefix[0]) if prefix else 0
    return _qualified(start, end, low, high, form, prefix)


def _qualified(
    start: int, end: int, low: int | None, high: int | None, form: str, prefix: tuple | None
) -> _Quantity:
    if prefix is None:
        plain = {"exact": "exact", "range": "between", "vague": "unspecified"}[form]
        return _Quantity(start, end, low, high, plain)
    _, qualifier, strict = prefix
    step = 1 if strict and form != "vague" else 0
    if qualifier in ("more than", "at least"):
        low, high = (low + step if low is not None else None), None
    elif qualifier == "up to":
        low, high = None, (high - step if high is not None else None)
    return _Quantity(start, end, low, high, qualifier)


def _base_at(tokens: list[str], i: int) -> tuple | None:
    """(low, high, form, end) of a number, range or number word at token i; form is one of
    exact, range, vague."""
    return _range_at(tokens, i) or _vague_at(tokens, i) or _exact_at(tokens, i)


def _exact_at(tokens: list[str], i: int) -> tuple | None:
    if any(_match(tokens, i, words) for words in NOBODY):
        return 0, 0, "exact", i + (2 if tokens[i] == "no" else 1)
    number = _number_at(tokens, i)
    if number is None or not float(number.value).is_integer():
        return None
    return int(number.value), int(number.value), "exact", number.end


def _range_at(tokens: list[str], i: int) -> tuple | None:
    opener = {"between": "and", "from": "to"}.get(_at(tokens, i))
    first = _number_at(tokens, i + 1 if opener else i)
    if first is None:
        return None
    joiners = (opener,) if opener else ("-", "to")
    if _at(tokens, first.end) not in joiners:
        return None
    second = _number_at(tokens, first.end + 1)
    if second is None:
        return None
    low = first.value
    if first.scale == 1 and second.scale > 1 and low * second.scale <= second.value:
        low *= second.scale  # "two to three thousand"
    if not (low < second.value and _whole(low) and _whole(second.value)):
        return None
    return int(low), int(second.value), "range", second.end


def _vague_at(tokens: list[str], i: int) -> tuple | None:
    word = _at(tokens, i)
    if word in NO_NUMBER:
        return None, None, "vague", i + 1
    if word in PLURAL_UNITS:
        return _plural_units(tokens, i)
    for words, (low, high) in FEW.items():
        if _match(tokens, i, words):
            end = i + len(words)
            unit = 1
            while _at(tokens, end) in SCALES or _at(tokens, end) in GROUPS:
                unit *= SCALES.get(tokens[end]) or GROUPS[tokens[end]]
                end += 1
            return low * unit, high * unit, "vague", end
    return None


def _plural_units(tokens: list[str], i: int) -> tuple:
    """ "hundreds of thousands": two of the product up to just below the next power of ten."""
    product = PLURAL_UNITS[tokens[i]]
    end = i + 1
    while _at(tokens, end) == "of" and _at(tokens, end + 1) in PLURAL_UNITS:
        product *= PLURAL_UNITS[tokens[end + 1]]
        end += 2
    low = 2 * product
    return low, 10 ** len(str(low)) - 1, "vague", end


def _whole(value: float) -> bool:
    return math.isfinite(value) and float(value).is_integer()


# -- numbers in digits and in words ---------------------------------------------------------------


def _number_at(tokens: list[str], i: int) -> _Number | None:
    word = _at(tokens, i)
    value = _digits_value(word)
    if value is not None:
        return _scaled(tokens, value, i + 1)
    if word in ("a", "an") and (_at(tokens, i + 1) in SCALES or _at(tokens, i + 1) in GROUPS):
        return _scaled(tokens, 1, i + 1)  # "a hundred", "a dozen"
    if word in UNITS or word in TENS:
        return _words_value(tokens, i)
    return None


def _digits_value(word: str) -> float | None:
    if _GROUPED.match(word):
        return int(word.replace(",", ""))
    if _PLAIN.match(word):
        return float(word) if "." in word else int(word)
    return None


def _scaled(tokens: list[str], value: float, end: int) -> _Number:
    """Digits followed by scale words: "1.2 million", "3 thousand", "2 dozen"."""
    scale = 1
    while _at(tokens, end) in SCALES or _at(tokens, end) in GROUPS:
        scale *= SCALES.get(tokens[end]) or GROUPS[tokens[end]]
        end += 1
    return _Number(value * scale, end, scale)


def _words_value(tokens: list[str], i: int) -> _Number:
    """ "one hundred and twenty-five thousand" → 125000, read left to right as people say it."""
    total, current, scale, end = 0, 0, 1, i
    while end < len(tokens):
        word = tokens[end]
        if word in UNITS or word in TENS:
            current += UNITS.get(word, 0) + TENS.get(word, 0)
            scale = 1
        elif word == "hundred" or word in GROUPS:
            scale = SCALES.get(word) or GROUPS[word]
            current = max(current, 1) * scale
        elif word in SCALES:
            scale = SCALES[word]
            total += max(current, 1) * scale
            current = 0
        elif not _joins_number_words(tokens, end):
            break
        end += 1
    return _Number(total + current, end, scale)


def _joins_number_words(tokens: list[str], i: int) -> bool:
    # "twenty-five" and "a hundred and fifty": the hyphen or "and" only joins number words.
    before, word, after = _at(tokens, i - 1), tokens[i], _at(tokens, i + 1)
    if word == "-":
        return before in TENS and after in UNITS and UNITS[after] < 10
    if word == "and":
        return (before in SCALES or before in GROUPS) and (after in UNITS or after in TENS)
    return False
