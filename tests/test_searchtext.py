"""The flat search-text file finds exactly what Python's ``in`` finds, and refuses damage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from timeline.store.rare import rare_characters
from timeline.store.searchtext import SearchText, Writer

TOKEN = bytes(range(16))
# Han characters whose UTF-16 bytes line up across character boundaries (网 is 51 7F,
# 格 is 3C 68), ASCII, a full-width letter, an astral character and a newline.
ALPHABET = "网格社区唐山aQ1\n\x00ｖ😀\U00020000口"


def write(folder: Path, texts: list[str], token: bytes = TOKEN) -> Path:
    path = folder / "texts.text"
    with open(path, "wb") as stream:
        writer = Writer(stream, token)
        for text in texts:
            writer.add(text)
        writer.finish()
    os.chmod(path, 0o600)
    return path


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(ALPHABET, max_size=12), max_size=12),
    st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=3),
)
@example(["a网", "格b"], ["网格"])  # across two events: not a match
@example(["\u7f51\u683c"], ["\u3c7f"])  # bytes 51 7F 3C 68: 7F 3C at an odd offset is no match
@example(["😀", "😀😀"], ["😀"])
def test_find_is_a_substring_scan(tmp_path_factory: pytest.TempPathFactory, texts: list[str],
                                  terms: list[str]) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("st")
    store = SearchText(write(folder, texts), TOKEN)
    assert len(store) == len(texts)
    assert [store.text(i) for i in range(len(texts))] == texts
    for term in terms:
        assert store.find(term) == [i for i, text in enumerate(texts) if term in text]
    store.close()


def test_an_empty_file_of_texts(tmp_path: Path) -> None:
    store = SearchText(write(tmp_path, []), TOKEN)
    assert (len(store), store.find("网格")) == (0, [])


def test_another_builds_token_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, ["社区"], token=bytes(16))
    with pytest.raises(ValueError, match="another cache"):
        SearchText(path, TOKEN)


def test_a_file_others_may_write_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, ["社区"])
    path.chmod(0o620)
    with pytest.raises(ValueError, match="private"):
        SearchText(path, TOKEN)


@pytest.mark.parametrize("cut", [1, 8, 9, 30])
def test_a_truncated_file_is_refused_when_searched(tmp_path: Path, cut: int) -> None:
    path = write(tmp_path, ["社区网格", "唐山"])
    path.write_bytes(path.read_bytes()[:-cut])
    store = SearchText(path, TOKEN)  # the header is intact: opening is cheap and succeeds
    with pytest.raises(ValueError, match="truncated or malformed"):
        store.find("社区")


def test_a_lone_surrogate_is_never_written(tmp_path: Path) -> None:
    with open(tmp_path / "t", "wb") as stream, pytest.raises(UnicodeError):
        Writer(stream, TOKEN).add("a\ud800")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=12), max_size=40), st.floats(0.0, 0.5))
def test_rare_characters_index_every_event_holding_them(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], share: float
) -> None:
    store = SearchText(write(tmp_path_factory.mktemp("rare"), texts), TOKEN)
    found = rare_characters(store, share=share, per_event=100)
    assert found is not None
    common, index = found
    for char in set("".join(texts)):
        holders = [i for i, text in enumerate(texts) if char in text]
        if char in common:
            assert char not in index
        else:
            assert list(index[char]) == holders  # complete: the index may stand in for a scan
    assert not set(index) & set(common)


def test_common_characters_are_those_of_more_than_the_share(tmp_path: Path) -> None:
    texts = ["社区网格"] * 50 + ["社区磐石"] + ["唐山"] * 49
    store = SearchText(write(tmp_path, texts), TOKEN)
    common, index = rare_characters(store, share=0.02) or ("", {})
    assert set(common) == {"社", "区", "网", "格", "唐", "山"}
    assert {c: list(s) for c, s in index.items()} == {"磐": [50], "石": [50]}


def test_an_alphabet_too_large_to_index_gives_no_index(tmp_path: Path) -> None:
    texts = ["".join(chr(0x4E00 + i * 40 + k) for k in range(40)) for i in range(200)]
    store = SearchText(write(tmp_path, texts), TOKEN)
    assert rare_characters(store, per_event=32) is None  # 40 rare characters an event
    assert rare_characters(store, per_event=64) is not None
