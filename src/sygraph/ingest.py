"""Read articles from files: decode, separate the article from the page, split sentences.

``read_articles`` does the I/O; ``parse_article`` is a pure function from a page's text to
an :class:`~sygraph.model.Article`, so the parsing rules can be tested on strings.
"""
from __future__ import annotations

import functools
import itertools
import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .body import body_lines
from .errors import InputError, InputWarning
from .lexicon import chrome_markers, load_table, transliteration_chars, word_class
from .model import Article, Byline, Part, Sentence
from .segment import jieba_tags, word_frequency

__all__ = ["read_articles", "parse_article", "decode", "split_sentences", "iter_inputs", "html_to_text",
           "looks_like_html", "page_lines", "article_lines", "DEFAULT_MAX_CHARS"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# the size bound of one article, in characters (a 200 MB dump is not an article)
DEFAULT_MAX_CHARS = 500_000
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_SPACES = "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\t "

_DATE_PATTERNS = (
    # 2020年05月28日09:31
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2})[:：](\d{2}))?"), "ymd"),
    # 2018-11-13 09:25:31, 2023/12/01 17:25
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T\u00a0]+(\d{1,2}):(\d{2}))?"), "ymd"),
    # 20-08-05 08:44 (two-digit year)
    (re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{2})\s+(\d{1,2}):(\d{2})"), "yy"),
    # 02.08.2015  13:01 (day first)
    (re.compile(r"(?<!\d)(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?"), "dmy"),
)
_SOURCE = re.compile(r"来源[:：]\s*([^\s:：|]+)")
# a publisher written after the date with no label: 2024-03-11 16:02  某某新闻网
_UNLABELLED_SOURCE = re.compile(r"(?:\d{1,2}:\d{2}|\d日|\d{4}-\d{1,2}-\d{1,2})\s+"
                                r"([\u4e00-\u9fff]{2,20}(?:网|报|台|融媒体中心|新闻中心|客户端))(?=\s|$)")
# a publisher named by the dateline that opens the article: 某某日报讯, 某某网北京5月3日电,
# 某某报全媒体记者 (a 本报 or a 据 before it names no one)
_OUTLET = r"[\u4e00-\u9fff·]{2,14}?(?:%s)" % "|".join(map(re.escape, word_class("outlet_endings")))
_DATELINE = re.compile(rf"[【\[(（]?(?!据|本报|本网|本台)(?:({_OUTLET})(?:[\u4e00-\u9fff]{{0,8}}?\d{{1,2}}月\d{{1,2}}日)?[讯电]"
                       rf"|({_OUTLET})(?:全媒体)?记者|([\u4e00-\u9fff]{{2,8}})讯)")


def _dateline_outlet(header: list[str], body: str) -> str:
    """The outlet a dateline or credit names in the header or the first lines of the body,
    read in Simplified."""
    for line in [*header, *to_simplified(body).split("\n")[:3]]:
        m = _DATELINE.match(line.strip())
        if m:
            return next(g for g in m.groups() if g)
    return ""


def _press_roles() -> str:
    """The byline roles of data/roles.tsv as one alternation, longest first."""
    roles = sorted((r["role"] for r in load_table("roles.tsv") if r["kind"] == "press"), key=len, reverse=True)
    return "|".join(map(re.escape, roles))


_PRESS_ROLE = re.compile(rf"(?:{_press_roles()})")
_CREDIT_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")


def credits(line: str) -> list[tuple[str, str]]:
    """(role, name) of each person a credit line names, with or without a colon after the
    role (记者：甲、乙; 记者 甲 通讯员 乙 丙; 编辑:丁).

    Examples
    --------
    >>> credits("青禾日报记者 王芳 通讯员 李明 赵强")
    [('记者', '王芳'), ('通讯员', '李明'), ('通讯员', '赵强')]
    >>> credits("记者：王芳、李明 摄")
    [('记者', '王芳'), ('记者', '李明')]
    """
    out = []
    marks = list(_PRESS_ROLE.finditer(line))
    for k, mark in enumerate(marks):
        segment = line[mark.end(): marks[k + 1].start() if k + 1 < len(marks) else len(line)]
        if not segment[:1] in (":", "：") and not segment[:1].isspace():
            continue  # 记者了解到: a role word in a sentence, no credit
        for token in re.split(r"[、,，\s:：]+", segment.strip(" :：\u3000")):
            if not _CREDIT_NAME.fullmatch(token):
                break
            out.append((mark.group(), token))
    return out
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n+|…{2,}[”’]?")
_ORIGINAL_TITLE = re.compile(r"^原标题[:：]")
# lone surrogates (from broken JSON escapes) and control characters no output format may hold
_UNUSABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# pinyin glosses that some sites insert after words: 退役军人(tuìyìjūnrén)
_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń ]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń ]*[)）]")


def decode(data: bytes, name: str, notes: list[str] | None = None) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or
    Big5, whichever reads as Chinese. A UTF-8 file cut off in the middle of a character
    keeps what precedes the cut (and says so in ``notes``).

    Raises :class:`InputError` for binary data or bytes that no supported encoding reads.

    Examples
    --------
    >>> decode("双拥".encode("gbk"), "a.txt"), decode("雙擁模範".encode("big5"), "b.txt")
    ('双拥', '雙擁模範')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: invalid UTF-16 ({err.reason})") from err
    if (b"\x00" in data[:4096] or _control_share(data[:4096]) > 0.1) and not _text_with_stray_controls(data):
        raise InputError(f"{name}: binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        bom = True
    else:
        bom = False
    readings: list[str] = []
    try:
        readings.append(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.start >= len(data) - 3 and err.start > 0:
            if notes is not None:
                notes.append(f"{name}: cut off in the middle of a character; read up to byte {err.start}")
            readings.append(data[: err.start].decode("utf-8"))
    if bom and readings:
        return readings[0]
    for encoding in ("gb18030", "big5"):
        try:
            readings.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise InputError(f"{name}: not UTF-8, UTF-16, GB18030 or Big5 text")
    # short GBK text can also be valid UTF-8 (双拥 → ˫ӵ), Big5 bytes decode as GB18030
    # nonsense: keep the reading made of the most common Chinese characters
    best = max(range(len(readings)), key=lambda k: (_chinese_score(readings[k][:3000]), -k))
    return readings[best]


def _text_with_stray_controls(data: bytes) -> bool:
    """UTF-8 Chinese text carrying a few control bytes (a trailing NUL, stray escapes from a
    CMS): text, whose controls parsing drops. Binary data is neither valid UTF-8 nor mostly
    Chinese."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for c in text if c < "\t" or "\r" < c < " ")
    return controls <= 0.02 * len(text) and _cjk_share(text) >= 0.2


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    return sum(b < 9 or 13 < b < 32 for b in data) / len(data)


@functools.cache
def _character_weights() -> dict[str, float]:
    """log frequency of each Chinese character over the words of jieba's dictionary."""
    totals: dict[str, int] = {}
    for word in jieba_tags():
        f = word_frequency(word)
        for c in word:
            if "\u4e00" <= c <= "\u9fff":
                totals[c] = totals.get(c, 0) + f
    return {c: math.log1p(f) for c, f in totals.items()}


def _chinese_score(text: str) -> float:
    """How much ``text`` reads as common Chinese (in Simplified): the mean log frequency of its
    characters, rare and unknown characters pulling it down, ASCII neutral."""
    weights = _character_weights()
    chars = [c for c in to_simplified(text) if not c.isascii() and not c.isspace()]
    if not chars:
        return 0.0
    return sum(weights.get(c, -5.0) for c in chars) / len(chars)


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    return sum("\u4e00" <= c <= "\u9fff" for c in text) / len(text)


def iter_inputs(paths: Iterable[str | Path], on_error: Callable[[InputError], None] | None = None,
                exclude: Iterable[str | Path] = ()) -> Iterator[tuple[Path, str]]:
    """(file, source name) for the input files under ``paths``, sorted by source name.

    Files are taken as given, directories recursively (following links, never twice into
    the same directory). A file's source name is its path relative to the directory given,
    or its name; when several different files would get one name, each is named by the
    shortest end of its path that tells it from the others (``a/x.txt``, ``b/x.txt``), so
    the order of the arguments never changes a name. A file reached twice (given twice, or
    by a link) is read once, under the smaller of its names.

    A walk never enters the folders in ``exclude`` (the output folder, the cache), nor
    sygraph's own staging, lock and temporary files, nor reads the view (``sygraph.html``)
    of a folder sygraph wrote. Entries of a folder that would be read but are not regular
    files (a FIFO, a socket, a device, a symbolic link to nothing, a path too long to open)
    are passed to ``on_error`` (default: left out); a missing path is raised.
    """
    excluded = {os.path.realpath(p) for p in exclude}

    def problem(err: InputError) -> None:
        if on_error is not None:
            on_error(err)

    entries: list[tuple[Path, str]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            entries += [(f, f.relative_to(path).as_posix()) for f in _walk(path, excluded, problem)]
        elif path.is_file():
            entries.append((path, path.name))
        elif os.path.lexists(path) and path.exists():  # a FIFO, socket or device named as input
            problem(InputError(f"{path}: {_not_regular(path)}"))
        elif os.path.islink(path):
            raise InputError(f"{path}: a symbolic link to nothing ({os.readlink(path)})")
        else:
            raise InputError(f"{path}: no such file or directory")
    yield from _named(entries, problem)


def _not_regular(path: Path) -> str:
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return f"cannot read ({err.strerror})"
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({kind})"


def _named(entries: list[tuple[Path, str]], problem: Callable[[InputError], None]) -> list[tuple[Path, str]]:
    """Each file once, with a name no other file has, sorted by name (see iter_inputs)."""
    by_file: dict[str, list[tuple[str, str, Path]]] = {}
    for path, name in entries:
        by_file.setdefault(os.path.realpath(path), []).append((name, os.path.abspath(path), path))
    chosen = []
    for routes in by_file.values():
        routes.sort()
        name, full, path = routes[0]
        for _, other, other_path in routes[1:]:
            if other == full:
                problem(InputWarning(f"{other_path}: given twice; read once"))
            else:
                problem(InputWarning(f"{other_path}: the same file as {path}; read once"))
        chosen.append([name, full, path])
    # a name several files share: each takes one more folder of its path until none does
    while True:
        holders: dict[str, list[list]] = {}
        for item in chosen:
            holders.setdefault(item[0], []).append(item)
        clashes = [group for group in holders.values() if len(group) > 1]
        if not clashes:
            break
        grown = False
        for group in clashes:
            for item in group:
                parts = Path(item[1]).parts
                depth = item[0].count("/") + 1
                if depth < len(parts) - 1:
                    item[0] = "/".join(parts[-(depth + 1):])
                    grown = True
        if not grown:  # cannot happen for distinct files; numbered, by path, to be safe
            for group in clashes:
                for n, item in enumerate(sorted(group, key=lambda i: i[1])[1:], 2):
                    item[0] = f"{item[0]}#{n}"
    return sorted(((path, name) for name, _, path in chosen), key=lambda pair: pair[1])


# what sygraph writes beside and in an output folder, and in a cache: never an input
_SYGRAPH_INTERNAL = re.compile(r"^\..*sygraph-(?:tmp|old|probe)-\d+$|\.sygraph-lock$")
# the files of a folder sygraph wrote (its report.json names them) that have an input suffix
_SYGRAPH_VIEWS = ("sygraph.html",)


def _sygraph_output(folder: str, files: list[str]) -> bool:
    """Whether ``folder`` holds a build of sygraph's: a report.json of sygraph's."""
    if "report.json" not in files or not any(v in files for v in _SYGRAPH_VIEWS):
        return False
    try:
        with open(os.path.join(folder, "report.json"), "rb") as f:
            report = json.loads(f.read(1 << 22))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and "articles_built" in report and isinstance(report.get("outputs"), list)


def _walk(root: Path, excluded: set[str] = frozenset(),
          problem: Callable[[InputError], None] = lambda err: None) -> list[Path]:
    suffixes = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
    found, visited = [], set()

    def unreadable(err: OSError) -> None:
        problem(InputError(f"{err.filename}: cannot read this folder ({err.strerror})"))

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=unreadable):
        real = os.path.realpath(folder)
        if real in visited or real in excluded:  # a symbolic link back up the tree, an output
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not _SYGRAPH_INTERNAL.search(d)
                         and os.path.realpath(os.path.join(folder, d)) not in excluded)
        views = _SYGRAPH_VIEWS if _sygraph_output(folder, files) else ()
        for f in sorted(files):
            if _SYGRAPH_INTERNAL.search(f) or f in views:
                continue
            path = Path(folder) / f
            wanted = Path(f).suffix.lower() in suffixes
            try:
                mode = os.stat(path).st_mode
            except FileNotFoundError:
                if os.path.islink(path):  # whatever its name: it may have been a folder
                    problem(InputError(f"{path}: a symbolic link to nothing ({_link_target(path)})"))
                continue
            except OSError as err:
                if wanted or os.path.islink(path):
                    problem(InputError(f"{path}: cannot read ({err.strerror})"))
                continue
            if not wanted:
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            else:
                problem(InputError(f"{path}: {_not_regular(path)}"))
    return sorted(found)


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def read_articles(paths: Iterable[str | Path], on_error: Callable[[InputError], None] | None = None,
                  max_chars: int = DEFAULT_MAX_CHARS, exclude: Iterable[str | Path] = ()) -> Iterator[Article]:
    """Articles from ``.txt`` and ``.html`` files, directories of them and ``.jsonl`` corpora.

    A bad file or line is passed to ``on_error`` as an :class:`InputError` (default: raised)
    and the rest are read; an article read but not whole (cut at ``max_chars`` characters, or
    cut off mid-character) is built and reported as an :class:`InputWarning`. Files are read
    in the order of their source names (see :func:`iter_inputs`; ``exclude`` names folders
    never read). A source name names one article: a JSONL record whose ``id`` an input file
    or an earlier record (in that order) already has is skipped, naming both.
    """
    def report(err: InputError) -> None:
        if on_error is None:
            if isinstance(err, InputWarning):
                return
            raise err
        on_error(err)

    inputs = list(iter_inputs(paths, report, exclude))
    claimed = {source: str(path) for path, source in inputs if path.suffix.lower() not in JSONL_SUFFIXES}
    for path, source in inputs:
        notes: list[str] = []
        try:
            data = path.read_bytes()
            if not data.strip():
                raise InputError(f"{path}: empty file")
            text = decode(data, str(path), notes)
        except OSError as err:
            report(InputError(f"{path}: cannot read ({err.strerror})"))
            continue
        except InputError as err:
            report(err)
            continue
        for note in notes:
            report(InputWarning(note))
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, text, report, max_chars, source=source, claimed=claimed)
            continue
        if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
            text = html_to_text(text)
        article = parse_article(source, _bounded(text, max_chars, str(path), report))
        page = len(re.sub(r"\s", "", text))
        found = len(re.sub(r"\s", "", article.title + article.text))
        if page >= _SMALL_BODY_PAGE and found < _SMALL_BODY_SHARE * page:
            report(InputWarning(f"{path}: the article read is {found} of the page's {page} characters; "
                                "check that its body was found"))
        yield article


# a page whose article is under a tenth of its text is worth a look (the body may be lost)
_SMALL_BODY_PAGE = 300
_SMALL_BODY_SHARE = 0.1


def _bounded(text: str, max_chars: int, where: str, report: Callable[[InputError], None]) -> str:
    if max_chars and len(text) > max_chars:
        report(InputWarning(f"{where}: {len(text):,} characters; cut at {max_chars:,} (--max-chars)"))
        return text[:max_chars]
    return text


_HTML_TAG = re.compile(r"<(?:html|head|body|div|p|br|span|table|script|meta|title|a)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """Whether a text file is really an HTML page (a handful of HTML tags near the top)."""
    return len(_HTML_TAG.findall(text[:20000])) >= 3


class _HTMLText(HTMLParser):
    """Text of an HTML page, one line per block element, without scripts and styles."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section",
              "article", "header", "footer", "table", "ul", "ol", "dd", "dt", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


_OVERLONG_CHARREF = re.compile(r"&#(?:[xX][0-9a-fA-F]{7,}|[0-9]{8,});?")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str | None, escape: bool = False) -> str | None:
    """Text without lone surrogates, which no UTF-8 output can hold: each becomes U+FFFD (one
    character for one, so offsets hold), or with ``escape`` (file names) a byte of a name that
    was not UTF-8 becomes ``\\xNN``, so two such names stay apart."""
    if text is None or not _SURROGATE.search(text):
        return text

    def replace(m: re.Match) -> str:
        code = ord(m.group())
        return f"\\x{code - 0xdc00:02x}" if escape and 0xdc80 <= code <= 0xdcff else "\ufffd"
    return _SURROGATE.sub(replace, text)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, a line per block (standard-library parser).

    Examples
    --------
    >>> html_to_text("<html><head><script>x=1</script></head><body><p>双拥</p><p>工作</p></body></html>").split()
    ['双拥', '工作']
    """
    parser = _HTMLText()
    # a numeric character reference too long to be a code point (&#99999…; of thousands of
    # digits) would fail the parser's integer conversion: it is no character
    parser.feed(_OVERLONG_CHARREF.sub("\ufffd", html))
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _read_jsonl(path: Path, text: str, report: Callable[[InputError], None],
                max_chars: int = DEFAULT_MAX_CHARS, source: str | None = None,
                claimed: dict[str, str] | None = None) -> Iterator[Article]:
    """The records of a JSONL corpus; a record without an ``id`` is named ``SOURCE:LINE``
    (the file's source name), and one whose name is in ``claimed`` is skipped."""
    # records end at \n only: a U+2028 inside a JSON string is part of the record
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            report(InputError(f"{path}:{lineno}: not JSON ({err.msg})"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            report(InputError(f"{path}:{lineno}: expected an object with a string 'text'"))
            continue
        ident = str(record.get("id") or f"{source or path.name}:{lineno}")
        if claimed is not None:
            if ident in claimed:
                report(InputError(f"{path}:{lineno}: duplicate id {ident!r} (first: {claimed[ident]}); skipped"))
                continue
            claimed[ident] = f"{path}:{lineno}"
        yield parse_article(ident, _bounded(record["text"], max_chars, f"{path}:{lineno}", report), title=_str(record.get("title")),
                            published=_str(record.get("published")),
                            publisher=_str(record.get("source")), url=_str(record.get("url")))


def _str(value: object) -> str | None:
    return None if value is None else str(value)


@functools.cache
def _chrome() -> tuple[tuple[str, ...], ...]:
    rows = chrome_markers()
    pick = lambda where: tuple(m for m, w in rows if w == where)  # noqa: E731
    return pick("footer"), pick("line"), pick("breadcrumb"), pick("footer_anywhere"), pick("promo")


def _clean(line: str) -> str:
    return _PINYIN.sub("", line).strip(_SPACES + "\r")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters converted to Simplified, keeping every offset.

    OpenCC converts phrase by phrase; in the rare case that changes the length, each
    character is converted on its own so that offsets still point at the same text.

    Examples
    --------
    >>> to_simplified("邵陽市成功蟬聯“全國雙擁模範城”")
    '邵阳市成功蝉联“全国双拥模范城”'
    """
    if not text:
        return text
    converted = _converter().convert(text)
    if len(converted) != len(text):
        converted = "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)
    return converted


def _is_breadcrumb(line: str) -> bool:
    return any(m in line for m in _chrome()[2])


_LINK_BULLETS = ("•", "●", "·", "▪", "◆", "■", "►", "▶")


def _is_chrome_line(line: str) -> bool:
    return line.startswith(_chrome()[1]) or _is_breadcrumb(line) or _is_headline_link(line) or _is_promo(line)


def _is_headline_link(line: str) -> bool:
    """A bulleted headline in a list of links: short and not a sentence (a bulleted
    paragraph of the article itself, ending its sentence, is kept)."""
    return line.startswith(_LINK_BULLETS) and len(line) <= 60 and not line.endswith(("。", "！", "？", "!", "?", "”"))


def _is_promo(line: str) -> bool:
    """An advertisement for the site's app or paper: a bracketed 【…】 line with one marker
    (订阅, 下载, 客户端...), or a short line with two."""
    hits = sum(m in line for m in _chrome()[4])
    return (line.startswith("【") and line.endswith("】") and hits >= 1) or (len(line) <= 40 and hits >= 2)


def _is_footer(line: str) -> bool:
    return line.startswith(_chrome()[0]) or any(m in line for m in _chrome()[3])


_SIGNATURE = re.compile(f"{_press_roles()}|来源|审核|校对")


def _without_trailing_links(lines: list[str]) -> list[str]:
    """The body without a trailing list of headlines that no marker announced: three or more
    short lines at the end that are not sentences and not a signature (记者 X, 责编 Y)."""
    end = len(lines)
    while end > 0 and len(lines[end - 1]) <= 40 and not lines[end - 1].endswith(("。", "！", "？", "!", "?", "”", "…")) \
            and not _SIGNATURE.search(to_simplified(lines[end - 1])):
        end -= 1
    return lines[:end] if len(lines) - end >= 3 and end > 0 else lines


def _is_paragraph(line: str) -> bool:
    """A line of running text: long, or ending a sentence."""
    return len(line) >= 50 or (len(line) >= 15 and line.endswith(("。", "”", "！", "？", "!", "?")))


def parse_published(text: str) -> str:
    """The first publication time in ``text`` as ISO 8601 (``YYYY-MM-DDTHH:MM``), or "".

    Examples
    --------
    >>> parse_published("2020年05月28日09:31  来源:泸州新闻网"), parse_published("20-08-05 08:44 来源:陇东报")
    ('2020-05-28T09:31', '2020-08-05T08:44')
    """
    for pattern, order in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        a, b, c, hh, mm = m.groups()
        if order == "ymd":
            y, mo, d = int(a), int(b), int(c)
        elif order == "yy":
            y, mo, d = 2000 + int(a), int(b), int(c)
        else:
            d, mo, y = int(a), int(b), int(c)
        if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if hh is not None and int(hh) < 24 and int(mm) < 60:
            iso += f"T{int(hh):02d}:{mm}"
        return iso
    return ""


def _is_meta_line(line: str) -> bool:
    if len(line) > 160:
        return False
    has_date = any(p.search(line) for p, _ in _DATE_PATTERNS)
    if "来源" in line or "发布时间" in line:
        return True
    # a line that is a date and little else
    return has_date and len(re.sub(r"[\d\s:：\-./年月日]", "", line)) <= 12


_BYLINE_LINE = re.compile(rf"(?:{_press_roles()})[\s:：]*[\u4e00-\u9fff]{{2,3}}(?:\s|$)")


# a page title that carries its site: 标题_某某新闻网, 标题 - 要闻 - 某某日报, 标题|某某网
_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*")
_SITE_ENDINGS = tuple(word_class("site_endings"))


def split_site_name(title: str) -> tuple[str, str]:
    """(headline, site) of a page title that ends with the site's name; (title, "") otherwise.

    Examples
    --------
    >>> split_site_name("青禾县举行退役军人座谈会_要闻_青禾新闻网")
    ('青禾县举行退役军人座谈会', '青禾新闻网')
    >>> split_site_name("庆“八一”系列活动|青禾县组织书画进军营")
    ('庆“八一”系列活动|青禾县组织书画进军营', '')
    """
    title = title.rstrip(" |｜_")  # a separator left dangling by the page's template
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title, ""
    site = to_simplified(parts[-1])
    if not (2 <= len(site) <= 20 and site.endswith(_SITE_ENDINGS)) or len(parts[0]) < 6:
        return title, ""
    return parts[0], parts[-1]


def _title_like(line: str) -> bool:
    return (4 <= len(line) <= 80 and not _is_chrome_line(line) and not _is_meta_line(line)
            and not _BYLINE_LINE.search(line))


def page_lines(text: str) -> list[str]:
    """The lines of a page as the body model reads them: unusable characters removed, pinyin
    glosses and surrounding spaces stripped; one entry per ``\\n``-line of the text."""
    text = _UNUSABLE.sub("", text)
    return [_clean(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _heuristic_title(lines: list[str]) -> tuple[int, str, int]:
    """(index of the title line or -1, the title, index of the last header line or -1), read by
    the rules: the title is the last title-like line above the first 来源/date line or, with no
    such line, above the first paragraph."""
    meta_idx = next((i for i, line in enumerate(lines[:20]) if line and _is_meta_line(line)), None)
    if meta_idx is not None:
        head_end = meta_idx
        # consecutive meta lines (a date line, then a 来源 line)
        while head_end + 1 < len(lines) and lines[head_end + 1] and _is_meta_line(lines[head_end + 1]):
            head_end += 1
        candidates = [i for i in range(meta_idx) if lines[i] and _title_like(lines[i])]
    else:
        first_paragraph = next((i for i, line in enumerate(lines) if line and _is_paragraph(line)), None)
        candidates = [i for i in range(first_paragraph or 0) if lines[i] and _title_like(lines[i])
                      and len(lines[i]) <= 60 and not lines[i].endswith(("。", ":", "："))]
        head_end = candidates[-1] if candidates else -1
    if not candidates:
        return -1, "", head_end
    i = candidates[-1]
    title = lines[i]
    if title.startswith(("——", "--")) and len(candidates) > 1:
        title = lines[candidates[-2]] + title
    return i, title, head_end


def _body_after(lines: list[str], head_end: int) -> list[int]:
    """The rules' body: the lines after the header up to the first footer marker, less chrome
    lines and a trailing list of headlines."""
    kept: list[int] = []
    for i in range(head_end + 1, len(lines)):
        if _is_footer(lines[i]):
            break
        if lines[i] and not _is_chrome_line(lines[i]):
            kept.append(i)
    texts = _without_trailing_links([lines[i] for i in kept])
    return kept[: len(texts)]


def heuristic_reading(lines: list[str]) -> tuple[int, str, int, int, list[int]]:
    """The rules' reading of a page, the fallback of the body model and its baseline:
    (title line or -1, title, first header line or -1, last header line or -1, body lines)."""
    title_i, title, head_end = _heuristic_title(lines)
    meta_idx = next((i for i, line in enumerate(lines[:20]) if line and _is_meta_line(line)), -1)
    if meta_idx > head_end:
        meta_idx = -1
    return title_i, title, meta_idx, head_end, _body_after(lines, head_end)


_MODEL_MIN_LINES = 3
_CLOSING_CREDITS = ("来源", "文章来源", "稿件来源", "信息来源")


def rule_hints(lines: list[str]) -> list[str]:
    """What the rules make of each line (title, header, body, chrome): a feature of the model."""
    title_i, _, meta_idx, head_end, kept = heuristic_reading(lines)
    hints = ["chrome"] * len(lines)
    for i in kept:
        hints[i] = "body"
    if meta_idx >= 0:
        for i in range(meta_idx, head_end + 1):
            hints[i] = "header"
    if title_i >= 0:
        hints[title_i] = "title"
    return hints


def _headline(line: str, simple: str) -> bool:
    """A line that reads as a headline: title-like, and no paragraph (a short line that ends
    in a quote mark, 荣获“双拥模范县”, is a headline all the same)."""
    return _title_like(simple) and (not _is_paragraph(line) or (len(line) <= 60 and "。" not in line
                                                                   and line.endswith(("”", "」", "』"))))


# an anti-copy noise line of forum pages ("( n/ Z( d8 c# f% e7 b"): no Chinese, runs of one
# or two ASCII characters between spaces, and punctuation among them
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_NOISE_TOKEN = re.compile(r"\S+")
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")


def _is_noise(line: str) -> bool:
    if _CJK_CHAR.search(line) or len(line) < 8:
        return False
    tokens = _NOISE_TOKEN.findall(line)
    return (len(tokens) >= 4 and sum(map(len, tokens)) / len(tokens) <= 2.5
            and len(_ASCII_PUNCT.findall(line)) >= 2)


# a lone number or sign on a line of its own: a counter (评论 5) or a control (×, |); a section
# number of an article written a phrase a line (01) is taken back by _with_phrases
_LONE_SIGN = re.compile(r"[\d×xX|｜+＋\-—_/\\<>《》·•]{1,3}$")


def _without_signs(lines: list[str], kept: list[int]) -> list[int]:
    """The rules' body without a lone number or sign (a page of a line or two, which the model
    does not read: | above the text)."""
    return [i for i in kept if not _LONE_SIGN.match(lines[i])]


def _is_control(line: str, simple: str) -> bool:
    """A lone number or sign, a line of nothing but the page's control words, the address of a
    page, the last step of a breadcrumb, or a line the rules know as chrome by its marker (a
    control, a breadcrumb, an advertisement), unless it is a header or credit line. (A short
    bulleted line may be the article's names, ■甲 乙 丙: the model's reading of it stands.)"""
    if _LONE_SIGN.match(line) or _CRUMB_END.search(simple):
        return True
    if _header_line(simple) or _BYLINE_LINE.search(simple):
        return False
    if _only_controls(simple) or (_PAGE_FILE.search(simple) and "。" not in simple):
        return True
    if len(line) >= 100:
        return False  # a paragraph
    return simple.startswith(_chrome()[1]) or _is_breadcrumb(simple) or _is_promo(simple)


# the last step of a breadcrumb, which names the article's page (新闻网 正文, 首页 > 要闻 > 正文)
_CRUMB_END = re.compile(r"^.{0,30}(?:^|[\s>›»])正文$")
# the file name of a web page (a link, or a content system's record leaking into the text:
# 2020-12-14 某某报 content_123.htm 1 标题)
_PAGE_FILE = re.compile(r"[\w/-]\.s?html?\b", re.ASCII)
_CONTROLS_ONLY = 20  # characters of a line of control words at most (分享至 | 小字号 | [字体:])


@functools.cache
def _marker_pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(_all_markers(), key=len, reverse=True))))


def _only_controls(simple: str) -> bool:
    """A short line of nothing but the page's control words (chrome.tsv), with signs, digits
    and at most one other character: 小字号, —分享—, [ 字体:], 浏览, 可关注我们! A note in
    brackets, (资料图), is a caption of the article's picture."""
    if len(simple) > _CONTROLS_ONLY or simple.startswith(("(", "（")):
        return False
    rest, hits = _marker_pattern().subn("", simple)
    return hits > 0 and len(re.sub(r"[\W\d_A-Za-z]", "", rest)) <= 1


# a phrase of a WeChat article, which writes one short phrase a line (前段时间 / 各地推出 / ↓↓↓),
# or the number of its section (01)
_PHRASE = re.compile(r"(?:[\u3400-\u9fff，、“”‘’！？!?…：:↓→↑↗\s]*[\u3400-\u9fff↓][\u3400-\u9fff，、“”‘’！？!?…：:↓→↑↗\s]*|\d{1,2})$")
_PHRASE_PAGE = 8  # the article's short phrase lines that tell a page of this kind


def _phrase(line: str, simple: str) -> bool:
    return len(line) <= 30 and bool(_PHRASE.match(line)) and not _is_chrome_line(simple) \
        and not _is_footer(simple)


def _with_phrases(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """On a page whose article writes one short phrase a line, the phrases the model left out
    between the article's lines, and those right above its first line, are the article's."""
    short = sum(1 for i in chosen if len(lines[i]) <= 20 and _PHRASE.match(lines[i]))
    if short < _PHRASE_PAGE:
        return chosen
    kept = set(chosen)
    kept |= {i for i in range(chosen[0], chosen[-1]) if lines[i] and _phrase(lines[i], simple[i])}
    i = chosen[0] - 1
    while i >= 0 and (not lines[i] or _phrase(lines[i], simple[i])):
        if lines[i]:
            kept.add(i)
        i -= 1
    return sorted(kept)


def _without_copies(lines: list[str], chosen: list[int]) -> list[int]:
    """The article without a second copy of one of its long paragraphs (a template that
    repeats the opening paragraphs as a teaser)."""
    seen: set[str] = set()
    kept = []
    for i in chosen:
        if len(lines[i]) >= 50 and lines[i] in seen:
            continue
        seen.add(lines[i])
        kept.append(i)
    return kept


def _without_trailing_headlines(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """The article without two or more headlines of other articles after its last paragraph,
    with no marker announcing them: lines of 10 to 40 characters that end no sentence and are
    no signature, date or 来源 line, set apart from the text by other lines or blank ones."""
    end = len(chosen)
    while end > 0:
        i = chosen[end - 1]
        line = lines[i]
        if not (10 <= len(line) <= 40) or line.endswith(_SENTENCE_ENDS) or _SIGNATURE.search(simple[i]) \
                or _IMAGE_FILE.search(line) or 2 * len(_CJK_CHAR.findall(line)) < len(line) \
                or _is_meta_line(simple[i]) or _is_paragraph(line):
            break
        end -= 1
    if len(chosen) - end < 2 or end == 0 or not _is_paragraph(lines[chosen[end - 1]]):
        return chosen
    if chosen[end] - chosen[end - 1] < 3:
        return chosen  # right under the text: a closing line of the article, not a list
    return chosen[:end]


_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "”", "…", "；", "」", "』", "：", ":")
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp)$", re.IGNORECASE)
_GAP_LINES = 2


def _with_gaps(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """A line or two that the model left out between two lines of the article, when they are
    plain matter (a subheading, a 联系电话 line) and not controls: no chrome marker of any
    kind, no bullet, and at least three Chinese characters or a telephone number."""
    kept = set(chosen)
    for a, b in itertools.pairwise(chosen):
        gap = [i for i in range(a + 1, b) if lines[i]]
        if not gap or len(gap) > _GAP_LINES:
            continue
        kept.update(i for i in gap if _plain_gap(lines[i], simple[i]))
    return sorted(kept)


_PHONE = re.compile(r"[\d\-—\s]{7,20}$")


def _plain_gap(line: str, simple: str) -> bool:
    return ((len(_CJK_CHAR.findall(line)) >= 3 or _PHONE.match(line)) and not line.startswith(_LINK_BULLETS)
            and not _is_chrome_line(simple) and not _is_footer(simple) and not _is_noise(line)
            and not any(m in simple for m in _all_markers()) and not _is_control(line, simple))


@functools.cache
def _all_markers() -> tuple[str, ...]:
    return tuple(m for m, _ in chrome_markers())


_BIGRAM_MIN = 4
_HEADLINE_OVERLAP = 0.5
_HEADLINE_REACH = 20  # non-blank lines above the article searched for its headline


_CJK_PAIR = re.compile(r"(?=([\u3400-\u9fff]{2}))")  # every pair, overlapping


def _bigrams(text: str) -> set[str]:
    return set(_CJK_PAIR.findall(text))


def _with_headline(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """The headline the model left above the article, under spam or forum chrome: the nearest
    headline-like line above it whose words are mostly those of the article's paragraphs, with
    the date and 来源 lines right under it or right above the article. A first line of the
    article that is a headline in its own right (its words are the text's) is kept as the
    headline, unless a date or 来源 line stands right under the line above (the headline,
    its header, then a dateline that repeats it: 某社某地某日电 题：…)."""
    top = chosen[0]
    words = _bigrams("".join(simple[i] for i in chosen if i == top or _is_paragraph(lines[i])))
    if not words:
        return chosen

    def told(line: str) -> bool:
        own = _bigrams(line)
        return len(own) >= _BIGRAM_MIN and len(own & words) >= _HEADLINE_OVERLAP * len(own)

    headed = _headline(lines[top], simple[top]) and told(simple[top])
    # the words of the article's first line when it is a headline or header, not a sentence
    carried = set() if "。" in simple[top] else _bigrams(simple[top])
    seen = {simple[i] for i in chosen}
    above = [i for i in range(top - 1, -1, -1) if lines[i]][:_HEADLINE_REACH]
    for n, i in enumerate(above):
        line = simple[i]
        if line in seen or not _headline(lines[i], line) or not told(line):
            continue
        under = []  # the header lines right under the headline
        for j in reversed(above[:n]):
            if not _header_line(simple[j]):
                break
            under.append(j)
        over = []  # and right above the article
        for j in above[:n]:
            if not _header_line(simple[j]):
                break
            over.append(j)
        if headed and simple[top].startswith(line):
            return chosen  # the article's headline, with its subtitle, repeats the line above
        own = _bigrams(line)
        if not under and (headed or len(own & carried) >= _HEADLINE_OVERLAP * len(own)):
            return chosen
        return sorted({*chosen, i, *under, *over})
    return chosen


_ISLAND_GAP = 2  # non-blank lines of other matter that set lines apart from the article


def _without_islands(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """The article without short lines that the model kept above its headline, when a date or
    来源 line stands under the headline and other matter sets those lines apart from it (a
    sidebar of links, its 推荐内容 and 热点内容 headings): a teaser of the page, no paragraph."""
    head = next((i for i in chosen if _headline(lines[i], simple[i])
                 and (j := next((j for j in range(i + 1, len(lines)) if lines[j]), None)) is not None
                 and _header_line(simple[j])), None)
    if head is None or head == chosen[0]:
        return chosen
    above = [i for i in chosen if i < head]
    if any(_is_paragraph(lines[i]) for i in above):
        return chosen
    gap = sum(1 for i in range(above[-1] + 1, head) if lines[i])
    return [i for i in chosen if i >= head] if gap >= _ISLAND_GAP else chosen


_COPY_MIN = 8  # characters of a headline whose copy lower down is looked for
_COPY_SCAN = 6  # the first lines of the article that may be the lower copy
_COPY_REACH = 8  # non-blank lines above it searched for the upper copy
_LEADING_DEBRIS = re.compile(r"^[^\w“‘《「『（(【\[]+")  # a lost icon or bullet (?, •) before a line
_COPY_TAIL = re.compile(r"[\s\w“‘《「『（(【\[]")  # what may follow a copy glued to the text


def _from_nearest_copy(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """The article from the copy of its headline nearest its text, when the template shows the
    headline two or three times (a page title above, then the headline over the text, or a
    paragraph that opens with the headline glued to it): the upper copies, and the summary or
    teaser lines between them, are the page's. The date and 来源 lines between the copies are
    the article's header. A headline repeated below a paragraph of the article (a subheading
    used twice) leaves the article as it is."""
    def key(i: int) -> str:
        return _LEADING_DEBRIS.sub("", simple[i])

    for low in reversed(chosen[:_COPY_SCAN]):
        low_key = key(low)
        above = [i for i in range(low - 1, -1, -1) if lines[i]][:_COPY_REACH]
        copies = [i for i in above if len(key(i)) >= _COPY_MIN and low_key.startswith(key(i))
                  and (len(low_key) == len(key(i)) or _COPY_TAIL.match(low_key[len(key(i))]))
                  and _headline(lines[i], simple[i])]
        if not copies:
            continue
        top = copies[-1]
        if any(i < top and _is_paragraph(lines[i]) for i in chosen):
            return chosen  # the copies stand inside the article
        header = [i for i in range(top + 1, low) if lines[i] and _header_line(simple[i])]
        return sorted({*header, *(i for i in chosen if i >= low)})
    return chosen


# the labels of a header line under the headline (• 信息来源：某某日报, 审核：某某): what a
# bullet or the model's doubt should not drop
# the labels of a page's header lines (word_classes.tsv), longest first; the 来源 ones name its source
_HEADER_LABELS = tuple(sorted(word_class("header_labels"), key=len, reverse=True))
_SOURCE_LABELS = tuple(w for w in _HEADER_LABELS if w.endswith("来源"))
_HEADER_LABEL = re.compile("(?:%s)\\s*[:：]\\s*\\S" % "|".join(map(re.escape, _HEADER_LABELS)))


def _unbulleted(line: str) -> str:
    return line.lstrip("".join(_LINK_BULLETS) + " ")


def _header_line(simple: str) -> bool:
    line = _unbulleted(simple)
    return len(line) <= 80 and (_is_meta_line(line) or bool(_HEADER_LABEL.match(line)))


def _with_header_lines(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """The date, 来源, editor and reviewer lines between the article's first line and its first
    paragraph, bulleted or not, are the article's header."""
    # (a headline that ends in a quote mark, 荣获“双拥模范城”, reads as a paragraph: the text
    # begins after the first line in any case)
    first = next((i for i in chosen[1:] if _is_paragraph(lines[i])), None)
    if first is None:
        return chosen
    extra = []
    for i in range(chosen[0] + 1, first):
        if not lines[i] or i in chosen:
            continue
        if _header_line(simple[i]):
            extra.append(i)
        elif not _is_chrome_line(simple[i]):
            break  # the header ends at the first line of other matter (a forum's 楼主回复); it
            # runs on over a control among its lines (• 点击：1505)
    return sorted({*chosen, *extra}) if extra else chosen


def _with_closing_lines(lines: list[str], simple: list[str], chosen: list[int]) -> list[int]:
    """A 来源 line and a date line right after the article's last line close it (本文来源：某某网
    / 2021-07-30 10:15)."""
    extra = []
    i = chosen[-1] + 1
    while i < len(lines) and len(extra) < 3:
        if lines[i]:
            line = _unbulleted(simple[i])
            closing = len(line) <= 60 and (
                (line.startswith(_SOURCE_LABELS) and _HEADER_LABEL.match(line))
                or (_is_meta_line(line) and not re.sub(r"[\d\s:：\-./年月日]", "", line)))
            if not closing:
                break
            extra.append(i)
        i += 1
    return chosen + extra


_LINK_BAR = re.compile(r"\s*[|｜]\s*")
_LINK_WORDS = 8  # characters of one link of a bar of links at most


def _footer_links(simple: str) -> bool:
    """A bar of the site's links (关于我们 | 联系我们 | 版权声明), one of them a footer marker:
    the page's footer, wherever the marker stands in the bar."""
    links = [x for x in _LINK_BAR.split(simple) if x]
    return len(links) >= 3 and all(len(x) <= _LINK_WORDS for x in links) and any(_is_footer(x) for x in links)


_LEAD_HEADER = 2  # date and 来源 lines above the headline at most


def _read_by_model(lines: list[str]) -> tuple[str, list[str], list[str], list[int]] | None:
    """(title, header lines, body lines, indices of the lines kept) of a page as the body
    model separates it, or None when the model finds no article at all."""
    if sum(1 for line in lines if line) < _MODEL_MIN_LINES:
        return None  # a line or two is the article itself: nothing to separate
    simple = [to_simplified(line) for line in lines]
    chosen = body_lines(simple, rule_hints(lines))
    # a footer marker after the first paragraph ends the article, whatever the model says of
    # the lines below it (下一篇 and its teaser, a 版权所有 line)
    # (a headline ending in a quote mark is no paragraph: a 分享至 under it is no footer)
    headed = bool(chosen) and _headline(lines[chosen[0]], simple[chosen[0]])
    first_paragraph = next((i for i in chosen[headed:] if _is_paragraph(lines[i])), None)
    if first_paragraph is not None:
        footer = next((i for i in range(first_paragraph + 1, len(lines))
                       if _is_footer(simple[i]) or _footer_links(simple[i])), None)
        if footer is not None:
            chosen = [i for i in chosen if i < footer]
    if not chosen:
        return None
    # a credit line (记者 甲 通讯员 乙) inside the article, or right above it, is the article's
    # whatever the model says: its people are the article's (GUIDELINES: bylines are required)
    credits = [i for i in range(max(chosen[0] - 1, 0), chosen[-1]) if i not in chosen and lines[i]
               and len(lines[i]) <= 60 and _BYLINE_LINE.search(simple[i]) and not _is_footer(simple[i])]
    chosen = sorted({*chosen, *credits})
    chosen = [i for i in chosen if not _is_noise(lines[i]) and not _is_control(lines[i], simple[i])]
    if not chosen:
        return None
    chosen = _without_copies(lines, chosen)
    chosen = _without_trailing_headlines(lines, simple, chosen)
    chosen = _with_phrases(lines, simple, chosen)
    chosen = _with_gaps(lines, simple, chosen)
    chosen = _without_islands(lines, simple, chosen)
    chosen = _with_headline(lines, simple, chosen)
    chosen = _from_nearest_copy(lines, simple, chosen)
    chosen = _with_header_lines(lines, simple, chosen)
    chosen = _with_closing_lines(lines, simple, chosen)
    k = 0
    title = ""
    header = []
    # a date or 来源 line above the headline (the header between two copies of the headline)
    lead = next((n for n, i in enumerate(chosen[:_LEAD_HEADER + 1]) if not _is_meta_line(simple[i])), 0)
    if lead and lead < len(chosen) - 1 and _headline(lines[chosen[lead]], simple[chosen[lead]]):
        header = [simple[i] for i in chosen[:lead]]
        k = lead
    if _headline(lines[chosen[k]], simple[chosen[k]]):
        title = lines[chosen[k]]
        k += 1
    # the 来源 / date / byline lines right under the headline, before the first paragraph
    while k < len(chosen) and len(header) < 4 and (_is_meta_line(simple[chosen[k]]) or
                                                   (_BYLINE_LINE.search(simple[chosen[k]]) and len(lines[chosen[k]]) <= 40)):
        header.append(simple[chosen[k]])
        k += 1
    # a 来源 or credit line that closes the article is read as header too (it stays in the body)
    header += [simple[i] for i in chosen[k:] if len(lines[i]) <= 60 and
               (simple[i].startswith(_CLOSING_CREDITS) or _BYLINE_LINE.match(simple[i])
                or (_BYLINE_LINE.search(simple[i]) and "。" not in simple[i]))]
    if k == len(chosen):
        return None  # a headline and no text: the rules' reading is the better one
    return title, header, [lines[i] for i in chosen[k:]], chosen


def article_lines(text: str) -> list[int]:
    """The 1-based numbers of the lines of a page read as the article (headline, header, text),
    as :func:`parse_article` reads it; what ``sygraph eval --body`` scores.

    Examples
    --------
    >>> article_lines("首页 > 新闻\\n\\n某镇慰问老兵\\n\\n某镇干部走访慰问了辖区的退役军人，送去慰问品。\\n\\n下一篇：别的新闻")
    [3, 5]
    """
    lines = page_lines(text)
    reading = _read_by_model(lines)
    if reading is not None:
        return [i + 1 for i in reading[3]]
    return [i + 1 for i in rules_lines(lines)]


def rules_lines(lines: list[str]) -> list[int]:
    """Indices of the non-blank lines the rules read as the article (title, header, body)."""
    title_i, _, meta_idx, head_end, kept = heuristic_reading(lines)
    chosen = set(_without_signs(lines, kept)) | ({title_i} if title_i >= 0 else set())
    if meta_idx >= 0:
        chosen |= set(range(meta_idx, head_end + 1))
    return sorted(i for i in chosen if lines[i])


def parse_article(source: str, text: str, *, title: str | None = None, published: str | None = None,
                  publisher: str | None = None, url: str | None = None) -> Article:
    """Parse one page: header (title, time, 来源, bylines), body without chrome, sentences.

    A page (no ``title`` given) is separated by the body model (:mod:`sygraph.body`); a text
    whose title is given (a JSONL record) is the article already, less any chrome lines.
    Fields given as arguments (from a JSONL record) take precedence over the page header.

    Examples
    --------
    >>> a = parse_article("a.txt", "双拥工作纪实\\n2020年05月28日09:31  来源:某某报\\n正文第一句。第二句!\\n精彩推荐\\n别的")
    >>> a.title, a.published, a.publisher, [s.text for s in a.sentences if s.part == "body"]
    ('双拥工作纪实', '2020-05-28T09:31', '某某报', ['正文第一句。', '第二句!'])
    """
    source, text, title, published = _no_surrogates(source, escape=True), _no_surrogates(text), \
        _no_surrogates(title), _no_surrogates(published)
    publisher, url = _no_surrogates(publisher), _no_surrogates(url)
    lines = page_lines(text)
    reading = _read_by_model(lines) if title is None else None
    header: list[str] = []
    header_lines: list[str] = []
    if reading is not None:
        found_title, header, kept, _ = reading
        header_lines = header
        meta = " ".join(header)
        body = "\n".join(kept)
    elif title is None:
        title_i, found_title, meta_idx, head_end, kept_i = heuristic_reading(lines)
        meta = " ".join(lines[meta_idx: head_end + 1]) if meta_idx >= 0 else ""
        header_lines = lines[meta_idx: head_end + 1] if meta_idx >= 0 else []
        body = "\n".join(lines[i] for i in _without_signs(lines, kept_i))
    else:
        found_title, meta = "", ""
        body = "\n".join(lines[i] for i in _body_after(lines, -1))
    bylines = tuple(Byline(role, name) for line in (header or [meta]) for role, name in credits(line))
    source_match = _SOURCE.search(meta) or _UNLABELLED_SOURCE.search(meta)
    site = ""
    if title is None:
        found_title, site = split_site_name(found_title)
    final_title = title if title is not None else found_title
    # sentences are read in Simplified characters; offsets point into the text as written
    sentences = [Sentence(s.text, s.start, s.end, Part.TITLE) for s in split_sentences(to_simplified(final_title))]
    sentences += split_sentences(to_simplified(body))
    return Article(
        source=source,
        text=body,
        title=final_title,
        published=published if published is not None else parse_published(meta),
        publisher=publisher if publisher is not None else (source_match.group(1) if source_match
                                                           else _dateline_outlet(header_lines, body) or site),
        url=url or "",
        bylines=bylines,
        sentences=tuple(sentences),
    )


def split_sentences(text: str) -> list[Sentence]:
    """Split at Chinese and ASCII sentence punctuation and line breaks, keeping offsets.

    Examples
    --------
    >>> [(s.text, s.start) for s in split_sentences("第一句。“第二句!”\\n第三句")]
    [('第一句。', 0), ('“第二句!”', 4), ('第三句', 11)]
    """
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _lost_character(text, m):
            continue
        end = m.end() if m.group().strip("\n") else m.start()
        _append(out, text, start, end)
        start = m.end()
    _append(out, text, start, len(text))
    return out


def _lost_character(text: str, m: re.Match) -> bool:
    """Whether a lone ASCII "?" stands for a character lost to a wrong encoding, not a
    question mark: the middle dot of a transliterated name (买买提?吐尔逊), read so when the
    characters on both sides are transliteration characters."""
    if m.group() != "?" or m.start() == 0 or m.end() >= len(text):
        return False
    chars = transliteration_chars()
    return text[m.start() - 1] in chars and text[m.end()] in chars


# a "sentence" longer than this (a page without punctuation, a list run together) is cut into
# pieces of at most this many characters, at the last clause mark or space in its second half
# where there is one: the rules and the pairing of mentions read a sentence at a time, and a
# bound on it keeps the work on an article linear in its length, and evidence readable
MAX_SENTENCE_CHARS = 400
_CLAUSE_MARKS = frozenset("，,；;、：: \u3000")


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start] in _SPACES + "\n":
        start += 1
    while end > start and text[end - 1] in _SPACES + "\n":
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = start + MAX_SENTENCE_CHARS
        mark = next((k for k in range(cut - 1, start + MAX_SENTENCE_CHARS // 2, -1) if text[k] in _CLAUSE_MARKS), -1)
        cut = mark + 1 if mark >= 0 else cut
        _append(out, text, start, cut)
        start = cut
        while start < end and text[start] in _SPACES + "\n":
            start += 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


__all__ += ["parse_published"]
