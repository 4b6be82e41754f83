"""Registry places with a division code are that division's node; registry check refuses
aliases that name another division and a never_merge_with naming its own row."""
import pytest

import sygraph
from sygraph.errors import DataError
from sygraph.formats.graphml import generate_graphml
from sygraph.registry import check_registry, load_registry
from sygraph.ids import entity_id

HEADER = "kind\tid\ttype\tname\taliases\tadcode\tnever_merge_with\n"
# the README's example registry
README_ROWS = [
    ("entity", "zl-unit", "unit", "中国人民解放军驻泸某部队", "驻泸某部|驻泸某部队", "", ""),
    ("entity", "tp-gl", "place", "太平镇", "", "510525103", "tp-yy"),
    ("entity", "tp-yy", "place", "太平镇", "", "520621102", "tp-gl"),
    ("word", "", "program", "情暖军营行动", "", "", ""),
    ("stop", "", "", "双拥工作", "", "", ""),
]
TOWN = "开篇。\n古蔺县太平镇开展拥军优属活动，镇干部走访慰问退役军人。"
VILLAGE = "开篇。\n古蔺县太平镇九龙村组织民兵参加情暖军营行动。"


def registry(tmp_path, rows, name="reg.tsv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def places(kg, code):
    return [(e.id, e.name, e.aliases, dict(e.attrs)) for e in kg.entities(type="place") if e.attr("adcode") == code]


def test_the_readme_registry_builds_when_its_place_is_mentioned(tmp_path):
    reg = registry(tmp_path, README_ROWS)
    assert check_registry(reg) == []
    kg = sygraph.build_texts({"a.txt": TOWN}, registry=reg)
    town = entity_id("place", "code:510525103")
    assert places(kg, "510525103") == [(town, "太平镇", (), {"adcode": "510525103", "level": "township",
                                                            "registry": "tp-gl"})]
    assert all("iri" in d and "type" in d for _, d in kg.graph.nodes(data=True))  # no bare node
    assert {e.name for e in kg.neighbors(town, relation="located_in", direction="out")} == {"古蔺县", "泸州市", "四川省"}
    kg.write(tmp_path / "out", formats=("graphml", "ttl", "nt", "jsonld"))


def test_a_registry_place_and_its_division_are_one_node(tmp_path):
    reg = registry(tmp_path, README_ROWS)
    # b.txt names the town inside a village, so the table adds the town as its ancestor too
    kg = sygraph.build_texts({"a.txt": TOWN, "b.txt": VILLAGE}, registry=reg)
    town = entity_id("place", "code:510525103")
    assert places(kg, "510525103") == [(town, "太平镇", (), {"adcode": "510525103", "level": "township",
                                                            "registry": "tp-gl"})]
    assert [e.name for e in kg.entities(type="place") if e.name == "太平镇"] == ["太平镇"]
    assert {a["source"] for a in kg.articles(town)} == {"a.txt", "b.txt"}
    village = kg.find("九龙村")[0]
    assert town in {e.id for e in kg.neighbors(village, relation="located_in", direction="out")}


def test_the_registry_name_leads_and_the_division_name_stays_an_alias(tmp_path):
    reg = registry(tmp_path, [("entity", "lz", "place", "酒城", "中国酒城", "510500", "")])
    assert check_registry(reg) == []
    texts = {"a.txt": "开篇。\n中国酒城各界群众慰问驻地官兵，送去慰问品。",
             "b.txt": "开篇。\n古蔺县太平镇九龙村组织退役军人座谈，泸州市退役军人事务局局长张建华出席。"}
    kg = sygraph.build_texts(texts, registry=reg)
    city = entity_id("place", "code:510500")
    assert places(kg, "510500") == [(city, "酒城", ("中国酒城", "泸州市"), {"adcode": "510500", "level": "city",
                                                                      "registry": "lz"})]
    assert kg.find("泸州市")[0].id == kg.find("中国酒城")[0].id == city
    assert {a["source"] for a in kg.articles(city)} == {"a.txt", "b.txt"}
    assert ("泸州市退役军人事务局", "located_in", "酒城") in {(r.head.name, r.relation, r.tail.name)
                                                             for r in kg.relations()}
    # the merge does not depend on the order the articles come in
    backwards = sygraph.build_texts(dict(reversed(list(texts.items()))), registry=reg)
    assert generate_graphml(backwards) == generate_graphml(kg)


def test_a_registry_place_named_only_as_an_ancestor_is_the_division(tmp_path):
    reg = registry(tmp_path, [("entity", "gl", "place", "古蔺", "", "510525", "")])
    kg = sygraph.build_texts({"b.txt": "开篇。\n古蔺县太平镇九龙村组织民兵巡逻。", "a.txt": "开篇。\n古蔺举办双拥文艺演出。"},
                             registry=reg)
    county = entity_id("place", "code:510525")
    assert places(kg, "510525") == [(county, "古蔺", ("古蔺县",), {"adcode": "510525", "level": "county",
                                                                "registry": "gl"})]


def test_a_registry_place_without_a_code_takes_none_from_the_text(tmp_path):
    reg = registry(tmp_path, [("entity", "tp", "place", "太平镇", "", "", "")])
    kg = sygraph.build_texts({"a.txt": TOWN}, registry=reg)
    town = [e for e in kg.entities(type="place") if e.name == "太平镇"]
    assert [(e.id, dict(e.attrs)) for e in town] == [(entity_id("place", "registry:tp"), {"registry": "tp"})]
    kg.to_rdf()


def test_homonyms_of_the_registry_keep_their_own_divisions(tmp_path):
    reg = registry(tmp_path, README_ROWS)
    texts = {"a.txt": TOWN, "b.txt": "开篇。\n务川仡佬族苗族自治县太平镇走访慰问军属。务川仡佬族苗族自治县领导出席。"}
    kg = sygraph.build_texts(texts, registry=reg)
    towns = sorted((e.attr("adcode"), e.attr("registry"), e.id) for e in kg.entities(type="place") if e.name == "太平镇")
    assert towns == [("510525103", "tp-gl", entity_id("place", "code:510525103")),
                     ("520621102", "tp-yy", entity_id("place", "code:520621102"))]


def test_check_refuses_division_names_of_other_places_and_a_row_apart_from_itself(tmp_path):
    reg = registry(tmp_path, [
        ("entity", "lz", "place", "泸州市", "酒城|泸县", "510500", ""),    # 泸县 is another division
        ("entity", "jc", "place", "江阳", "古蔺县", "", ""),               # no code, a division's name
        ("entity", "u1", "unit", "驻泸某部", "泸州市", "", ""),             # a unit named as a division
        ("entity", "gl", "place", "纳溪区", "", "510525", ""),            # 纳溪区 is not 古蔺县
        ("entity", "self", "place", "红星村", "", "", "self"),
        ("entity", "nowhere", "place", "无名镇", "", "519999999", ""),
        ("entity", "tp", "place", "太平镇", "太平", "510525103", ""),      # its own division's name: fine
    ])
    assert check_registry(reg) == [
        f"{reg}:2: alias '泸县' is the name of another division (510521), not of 510500 泸州市",
        f"{reg}:3: alias '古蔺县' is the name of a division (510525); give the row that division's adcode, "
        f"or drop the alias",
        f"{reg}:4: alias '泸州市' of a unit is the name of a division (510500); drop the alias",
        f"{reg}:5: name '纳溪区' is the name of another division (510503), not of 510525 古蔺县",
        f"{reg}:6: never_merge_with names the row's own id 'self'",
        f"{reg}:7: adcode '519999999' is no division of the table (divisions.tsv, villages.tsv.gz)",
    ]
    with pytest.raises(DataError, match=r"reg.tsv:2: alias '泸县' .* \(and 5 more; see sygraph registry check\)"):
        load_registry(reg)


def test_check_names_many_homonymous_divisions_briefly(tmp_path):
    reg = registry(tmp_path, [("entity", "x", "place", "某地", "太平镇", "", "")])
    [problem] = check_registry(reg)
    assert problem.startswith(f"{reg}:2: alias '太平镇' is the name of a division (")
    assert " more); give the row that division's adcode, or drop the alias" in problem
