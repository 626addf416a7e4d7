"""Strict YAML: what a contributor types is what the schema sees."""

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from edition.frontmatter import FrontMatterError, decode, parse, parse_yaml, yaml_data


def doc(yaml_text: str, body: str = "Text.\n") -> str:
    return f"---\n{yaml_text}---\n{body}"


def test_scalars_stay_the_text_typed():
    parsed = parse(doc("a: no\nb: 2022-06-27\nc: 21000\nd: yes\n"))
    assert parsed.data == {"a": "no", "b": "2022-06-27", "c": "21000", "d": "yes"}


def test_body_and_its_line_are_kept():
    parsed = parse(doc("a: x\n", "Line one.\n"))
    assert parsed.body == "Line one.\n"
    assert parsed.body_line == 4


def test_field_lines_point_at_the_source():
    parsed = parse(doc("a: x\nlist:\n  - b: y\n"))
    assert parsed.line_of(("a",)) == 2
    assert parsed.line_of(("list", 0, "b")) == 4
    assert parsed.line_of(("list", 0, "missing")) == 4


def test_duplicate_key_is_an_error_with_both_lines():
    with pytest.raises(FrontMatterError) as error:
        parse(doc("kind: note\ngist: x\nkind: context\n"))
    assert "duplicate field 'kind' (first at line 2)" in error.value.message
    assert error.value.line == 4


def test_python_tags_are_refused():
    with pytest.raises(FrontMatterError, match="tag"):
        parse(doc("a: !!python/object/apply:os.system ['true']\n"))


def test_broken_yaml_names_the_line():
    with pytest.raises(FrontMatterError) as error:
        parse(doc('a: "unclosed\nb: c\n'))
    assert error.value.message.startswith("broken YAML")
    assert error.value.line is not None


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "file is empty"),
        (b"quote: x\n", "no front matter"),
        (b"---\nquote: x\n", "not closed"),
        (b"---\n---\nText\n", "front matter is empty"),
        (b"---\n- a\n- b\n---\nText\n", "must be a mapping"),
    ],
)
def test_shape_errors(raw, message):
    with pytest.raises(FrontMatterError, match=message):
        parse(decode(raw))


def test_bom_and_bad_bytes_and_size():
    with pytest.raises(FrontMatterError, match="byte-order mark"):
        decode(b"\xef\xbb\xbf---\n")
    with pytest.raises(FrontMatterError, match="not UTF-8") as error:
        decode(b"---\nquote: caf\xe9\n---\n")
    assert error.value.line == 2
    with pytest.raises(FrontMatterError, match="limit"):
        decode(b"x" * 70_000)


def test_crlf_is_read_as_lf():
    assert parse(decode(b"---\r\na: b\r\n---\r\nText\r\n")).data == {"a": "b"}


def test_a_whole_yaml_file_is_read_with_its_own_line_numbers():
    data, lines, complaints = parse_yaml("# a comment\nA: [a.example]\nB: [b.example, c.example]\n")
    assert data == {"A": ["a.example"], "B": ["b.example", "c.example"]}
    assert lines[("B",)] == 3 and lines[("B", 1)] == 3 and complaints == []


@pytest.mark.parametrize(
    "text, message, line",
    [
        ("A: [a]\n---\nB: [b]\n", "second YAML document", 2),
        ("A: &x [a]\nB: *x\n", "anchors", 1),
        ("A: " + "[" * 40 + "]" * 40 + "\n", "nested more than 16 levels", 1),
        ("- " * 40 + "x\n", "nested more than 16 levels", 1),
        ('A: [a]\n"B: [b]\nC: [c]\n', "while scanning a quoted scalar that starts here", 2),
    ],
)
def test_what_stops_the_reader_names_its_line(text, message, line):
    with pytest.raises(FrontMatterError) as error:
        parse_yaml(text)
    assert message in error.value.message and error.value.line == line


def test_an_invisible_character_written_as_an_escape_is_named():
    data, _, complaints = parse_yaml('a: "x\\u202ey"\n')
    assert data == {"a": "x\u202ey"}
    assert [c.line for c in complaints] == [1] and "U+202E RIGHT-TO-LEFT OVERRIDE" in complaints[0].message


def test_invisible_characters_are_named_by_line_and_column_and_reading_goes_on():
    parsed = parse(doc('a: "x"\nb: "1\u200b2"\n', "Text\u202e.\n"))
    assert parsed.data == {"a": "x", "b": "12"}, "read on without them, to report the rest too"
    assert [(c.line, c.message) for c in parsed.complaints] == [
        (3, "invisible or control character U+200B ZERO WIDTH SPACE at line 3, column 6"),
        (5, "invisible or control character U+202E RIGHT-TO-LEFT OVERRIDE at line 5, column 5"),
    ]


def test_a_clean_file_is_read_without_its_lines_and_finds_them_when_asked():
    parsed = parse(doc("a: x\nlist:\n  - b: y\n"))
    assert parsed.found_lines is None, "a file no message is about never pays for its lines"
    assert parsed.line_of(("list", 0, "b")) == 4
    assert parsed.lines == parse_yaml("a: x\nlist:\n  - b: y\n", first_line=2)[1]


REFUSED = [
    "kind: note\ngist: x\nkind: context\n",
    "A: &x [a]\nB: *x\n",
    "A: [a]\nB: *x\n",
    "A: !!python/object:os.system x\n",
    "A: [a]\n---\nB: [b]\n",
    "<<: {a: b}\n",
    "? [a]\n: b\n",
    ": x\n",
    "A: " + "[" * 40 + "]" * 40 + "\n",
    "- " * 40 + "x\n",
    'A: [a]\n"B: [b]\nC: [c]\n',
    "a: [unclosed\n",
]


def outcome(read, text):
    try:
        data, complaints = read(text)
    except FrontMatterError as error:
        return ("refused", error.message, error.fix, error.line)
    return ("read", repr(data), [(c.message, c.line) for c in complaints])


@pytest.mark.parametrize("text", REFUSED)
def test_reading_without_the_lines_refuses_what_the_full_reading_refuses_and_says_the_same(text):
    full = outcome(lambda t: parse_yaml(t, 2)[::2], text)
    assert full[0] == "refused"
    assert outcome(lambda t: yaml_data(t, 2), text) == full
    assert outcome(lambda t: yaml_data(t, 2, clean=True), text) == full


@pytest.mark.parametrize("text", ['a: "x\\u202ey"\n', 'a: [b, "\\u200b"]\n', 'a: "\\x07"\n'])
def test_reading_without_the_lines_names_an_escaped_invisible_character_too(text):
    full = outcome(lambda t: parse_yaml(t, 2)[::2], text)
    assert full[0] == "read" and len(full[2]) == 1
    assert outcome(lambda t: yaml_data(t, 2, clean=True), text) == full
    assert [c.line for c in parse(doc(text)).complaints] == [2]


# YAML made of the pieces that matter to the reader: keys (repeated ones too), nesting, anchors and aliases,
# tags, escapes, quotes, flow collections, a second document.
PIECES = st.sampled_from(["a", "b", "a: ", "b: ", "- ", "  ", "\n", ": ", "[", "]", "{", "}", ", ", "&x ", "*x",
                          "!!str ", "!t ", '"', "\\u202e", "\\n", "x", "<<", "---\n", "? ", "#c", "\u00e9"])


@seed(20261202)
@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_reading_without_the_lines_gives_what_the_full_reading_gives(text):
    full = outcome(lambda t: parse_yaml(t, 2)[::2], text)
    assert outcome(lambda t: yaml_data(t, 2), text) == full
