"""Rules: extension -> category, case-insensitive, multi-part, and validated JSON overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from day02_file_organizer import DEFAULT_RULES, Rules, RulesError, load_rules


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("photo.jpg", "images"),
        ("PHOTO.JPG", "images"),
        ("Report.Pdf", "documents"),
        ("backup.tar.gz", "archives"),
        ("BACKUP.TAR.GZ", "archives"),
        ("single.gz", "archives"),
        ("song.mp3", "audio"),
        ("movie.mkv", "video"),
        ("main.py", "code"),
        ("README", "other"),
        ("weird.xyz", "other"),
        (".bashrc", "other"),
        ("trailing.", "other"),
        ("data.2024.final.csv", "documents"),
    ],
)
def test_default_rules_map_extensions_to_categories(name: str, category: str) -> None:
    """Case-insensitive, longest multi-part extension first, unknown ones to "other"."""
    assert load_rules().category_of(name) == category, f"{name} belongs in {category}"


@pytest.mark.parametrize(
    ("name", "stem", "extension"),
    [
        ("a.tar.gz", "a", ".tar.gz"),
        ("A.Tar.Gz", "A", ".Tar.Gz"),
        ("x.y.tar.gz", "x.y", ".tar.gz"),
        ("notes.old.txt", "notes.old", ".txt"),
        ("README", "README", ""),
        (".bashrc", ".bashrc", ""),
        (".config.json", ".config", ".json"),
        ("end.", "end.", ""),
    ],
)
def test_split_keeps_multi_part_extensions_and_their_case(
    name: str, stem: str, extension: str
) -> None:
    assert load_rules().split(name) == (stem, extension), f"{name} is {stem!r} + {extension!r}"


def test_extension_folder_is_lower_case_without_dot() -> None:
    rules = load_rules()
    assert rules.extension_folder("A.TAR.GZ") == "tar.gz"
    assert rules.extension_folder("Photo.JPG") == "jpg"
    assert rules.extension_folder("Makefile") == "no_extension"


def test_default_rules_have_the_six_categories() -> None:
    assert set(DEFAULT_RULES) == {"images", "documents", "audio", "video", "archives", "code"}
    assert load_rules().folder_names == set(DEFAULT_RULES) | {"other"}


def test_rules_file_replaces_the_defaults_and_normalises_extensions(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"pictures": ["JPG", ".Png"], "books": [".epub", "tar.xz"]}))
    rules = load_rules(path)
    assert rules.categories == {"pictures": (".jpg", ".png"), "books": (".epub", ".tar.xz")}
    assert rules.category_of("cat.PNG") == "pictures"
    assert rules.category_of("song.mp3") == "other", "a rules file replaces the default table"
    assert rules.split("novel.tar.xz") == ("novel", ".tar.xz")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="not-json"),
        pytest.param("[]", "non-empty JSON object", id="a-list"),
        pytest.param("{}", "non-empty JSON object", id="empty-object"),
        pytest.param('{"images": ".jpg"}', "must list extensions", id="extensions-not-a-list"),
        pytest.param('{"images": [1]}', "must list extensions", id="extension-not-a-string"),
        pytest.param('{"../up": [".jpg"]}', "not a usable folder name", id="category-up-a-folder"),
        pytest.param('{".hidden": [".jpg"]}', "not a usable folder name", id="hidden-category"),
        pytest.param('{" ": [".jpg"]}', "not a usable folder name", id="blank-category"),
        pytest.param('{"images": ["."]}', "not usable", id="extension-only-a-dot"),
        pytest.param('{"images": ["a/b"]}', "not usable", id="extension-with-a-slash"),
        pytest.param(
            '{"a": [".jpg"], "b": ["JPG"]}', "in both 'a' and 'b'", id="extension-in-two-categories"
        ),
    ],
)
def test_bad_rules_file_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rules.json"
    path.write_text(content)
    with pytest.raises(RulesError, match=message) as caught:
        load_rules(path)
    assert caught.value.exit_code == 2, "a bad rules file is a usage error (exit 2)"


def test_missing_or_unreadable_rules_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="does not exist"):
        load_rules(tmp_path / "absent.json")
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path)  # a folder, not a file
    (tmp_path / "latin1.json").write_bytes(b'{"caf\xe9": [".jpg"]}')
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "latin1.json")


def test_rules_can_be_built_in_code() -> None:
    rules = Rules({"notes": (".md",)})
    assert rules.category_of("todo.MD") == "notes"
    assert rules.split("todo.tar.gz") == ("todo.tar", ".gz"), "only known multi-part extensions"
