"""The statistical name tagger: its features, its model, how the rules use it, its training."""
import math
import subprocess
import sys
from pathlib import Path

import pycrfsuite
import pytest

from sygraph import recognize, tagger
from sygraph.recognize import recognize_sentence
from sygraph.segment import tokenize

ROOT = Path(__file__).resolve().parents[1]


def names(text, kind="person"):
    return [m.text for m in recognize_sentence(text) if m.type.value == kind]


def test_features_describe_every_character_the_same_way_each_time():
    text = "王小明在北京工作。"
    first = tagger.features(text, tokenize(text))
    assert len(first) == len(text)
    assert first == tagger.features(text, tokenize(text))
    assert "c=王" in first[0] and "n=小" in first[0]
    # the word around a character is part of what the model sees
    assert any(f.startswith("t=") for f in first[4])


def test_the_shipped_model_finds_an_uncued_foreign_name():
    assert tagger.available()
    text = "陪同她的是男友亨特，亨特看上去很强壮。"
    spans, _ = tagger.tag_spans(text, tokenize(text))
    assert ("亨特", "PER") in {(text[s.start:s.end], s.label) for s in spans}
    assert "亨特" in names(text)


def test_a_confident_person_sets_the_bounds_the_rules_guessed_wrong():
    # the rules read 记者江建国报道 as 江建 + 国报道; the tagger reads the name whole
    assert names("记者江建国报道：会议今天在京举行。") == ["江建国"]


def test_a_word_of_the_dictionary_is_not_cut_into_places():
    places = names("抗美援朝老兵张大山今天过生日。", "place")
    assert "美" not in places and "朝" not in places


def test_queries_answer_how_likely_a_span_is_a_name():
    text = "桥本还表示，日本将尽快改革税制。"
    _, (person, not_person) = tagger.tag_spans(text, tokenize(text), [(0, 2, "PER"), (2, 4, "PER")])
    assert person > 0.9 and not_person < 0.1


def test_without_a_model_the_rules_work_alone(monkeypatch):
    monkeypatch.setattr(tagger, "_tagger", lambda: None)
    text = "该校校长叶小辉来到古蔺县太平镇。"
    assert tagger.tag_spans(text, tokenize(text), [(0, 2, "PER")]) == ([], [1.0])
    monkeypatch.setattr(recognize, "tag_spans", tagger.tag_spans)
    assert names(text) == ["叶小辉"]


def test_training_script_drops_sentences_it_must_not_learn(tmp_path):
    def bio(sentences):
        lines = []
        for text, spans in sentences:
            labels = ["O"] * len(text)
            for start, end, kind in spans:
                labels[start:end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - start - 1)
            lines += [f"{c}\t{label}" for c, label in zip(text, labels)] + [""]
        return "\n".join(lines) + "\n"

    train = [("张明华昨天在杭州市参加了一次会议。", [(0, 3, "PER"), (5, 8, "LOC")]),
             ("李国强今天来到南京市调研农业生产情况。", [(0, 3, "PER"), (7, 10, "LOC")]),
             ("上海市的陈红梅获得了这个奖项的提名。", [(0, 3, "LOC"), (4, 7, "PER")])] * 5
    held_out = [("李国强今天来到南京市调研农业生产情况。", [])]
    (tmp_path / "train.bio").write_text(bio(train), encoding="utf-8")
    (tmp_path / "held.bio").write_text(bio(held_out), encoding="utf-8")
    model = tmp_path / "m.crfsuite"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_tagger.py"), str(tmp_path / "train.bio"),
                    "--exclude", str(tmp_path / "held.bio"), "-o", str(model), "--iterations", "20"],
                   check=True, capture_output=True)
    info = (tmp_path / "m.crfsuite.json").read_text(encoding="utf-8")
    assert '"sentences": 10' in info and '"dropped_as_overlapping": 5' in info
    loaded = pycrfsuite.Tagger()
    loaded.open(str(model))
    assert set(loaded.labels()) >= {"B-PER", "I-PER", "B-LOC", "O"}


@pytest.mark.parametrize("text", ["他发作时向医生求助。", "我们开会时要认真记录。"])
def test_the_tagger_vetoes_uncued_guesses(text):
    assert names(text) == []


def test_a_person_and_an_office_is_not_an_organisation():
    text = "第二天他来到赵文涛办公室反映情况。"
    assert "赵文涛" in names(text) and "赵文涛办公室" not in names(text, "unit")


def test_a_place_before_a_title_or_a_people_word_is_a_place():
    assert "德国" in names("德国总理科尔昨天抵达北京。", "place")
    assert "意大利" in names("他说，意大利人很热情。", "place")


def test_an_organisation_the_dictionary_names_is_taken_from_the_tagger():
    assert "巴西队" in names("决赛中巴西队以二比一战胜法国队。", "unit")


def _features_one_by_one(text, tokens):
    """The features written out character by character, as the models were trained on them
    (what :func:`tagger.features` builds from its cached per-token and per-character parts)."""
    classes = tagger._char_classes()
    padded = "\x02\x02" + text + "\x03\x03"
    word = [("", "", "")] * len(text)
    for k, t in enumerate(tokens):
        length = t.end - t.start
        band = str(min(6, int(math.log10(tagger.word_frequency(t.word) + 1) * 1.5)))
        prev_tag = tokens[k - 1].tag if k else "^"
        next_tag = tokens[k + 1].tag if k + 1 < len(tokens) else "$"
        for p in range(t.start, t.end):
            pos = "S" if length == 1 else "B" if p == t.start else "E" if p == t.end - 1 else "M"
            word[p] = (f"{t.tag}.{pos}", f"{band}.{pos}.{min(length, 4)}", f"{prev_tag}|{next_tag}" if pos in "BS" else "")
    out = []
    for i in range(len(text)):
        c, p, n, pp, nn = padded[i + 2], padded[i + 1], padded[i + 3], padded[i], padded[i + 4]
        f = ["c=" + c, "p=" + p, "n=" + n, "pp=" + pp, "nn=" + nn, "pc=" + p + c, "cn=" + c + n, "pn=" + p + n,
             "s=" + tagger._shape(c) + tagger._shape(p) + tagger._shape(n), "t=" + word[i][0], "f=" + word[i][1],
             "k=" + classes.get(c, "-"), "kp=" + classes.get(p, "-"), "kn=" + classes.get(n, "-")]
        if word[i][2]:
            f.append("a=" + word[i][2])
        out.append(f)
    return out


@pytest.mark.parametrize("text", ["王小明在北京工作。", "第三届ＡＢ杯比赛于2024年在古蔺县太平镇举行，史密斯获得冠军",
                                  "张", "", "军民鱼水情，双拥模范城。王小明在北京工作。"])
def test_cached_features_equal_the_features_written_out_character_by_character(text):
    tokens = tokenize(text)
    # twice: the second reading comes from the caches
    assert tagger.features(text, tokens) == _features_one_by_one(text, tokens)
    assert tagger.features(text, tokens) == _features_one_by_one(text, tokens)
