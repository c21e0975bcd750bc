"""The YAML loading policy on its own: limits, tags, files, already-parsed data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iaccore.core.config.bounded import check_data, read_text_file
from iaccore.core.config.positions import load_yaml_file, load_yaml_text
from iaccore.core.config.sources import parse_env_value
from iaccore.core.config.yamlpolicy import DEFAULT_LIMITS, UnsupportedTagError, YamlLimits
from iaccore.core.errors import ConfigurationError


class TestLimits:
    def test_limits_are_configurable(self) -> None:
        """Smaller limits refuse what the defaults accept, naming the limit."""
        text = "a: [1, 2, 3, 4]\n"
        assert load_yaml_text(text).data == {"a": [1, 2, 3, 4]}
        with pytest.raises(ConfigurationError, match="more than 4 values"):
            load_yaml_text(text, limits=YamlLimits(max_nodes=4))
        with pytest.raises(ConfigurationError, match="deeper than 1 levels"):
            load_yaml_text(text, limits=YamlLimits(max_depth=1))
        with pytest.raises(ConfigurationError, match="too large"):
            load_yaml_text(text, limits=YamlLimits(max_bytes=8))

    def test_error_names_file_line_and_column(self) -> None:
        """The refusal points at the value that broke the bound."""
        with pytest.raises(ConfigurationError) as info:
            load_yaml_text("a: 1\nb: " + "x" * 70_000 + "\n", file="f.yaml")
        assert (info.value.file, info.value.line, info.value.column) == ("f.yaml", 2, 4)

    def test_aliases_count_expanded(self) -> None:
        """A few aliases of a big list count as the list's size each time."""
        items = ", ".join(["x"] * 3000)
        text = f"a: &a [{items}]\nb: [*a, *a, *a, *a]\n"
        with pytest.raises(ConfigurationError, match="aliases included"):
            load_yaml_text(text)
        assert load_yaml_text(f"a: &a [{items}]\nb: [*a, *a]\n").data["b"][1][0] == "x"

    def test_defaults(self) -> None:
        """The documented defaults."""
        assert (
            YamlLimits(
                max_bytes=256 * 1024, max_depth=64, max_nodes=10_000, max_scalar_length=64 * 1024
            )
            == DEFAULT_LIMITS
        )


class TestTags:
    @pytest.mark.parametrize(
        "text", ["a: !!str 1", "a: !!int 3", "a: !!float 1", "a: !!bool true", "a: !!null ~"]
    )
    def test_standard_tags_are_accepted(self, text: str) -> None:
        """The core schema's tags load as usual."""
        load_yaml_text(text)

    @pytest.mark.parametrize("text", ["a: !!int ;", "a: !!int", "a: !!bool maybe", "a: !!float x"])
    def test_values_that_do_not_fit_their_tag(self, text: str) -> None:
        """A typed tag on a value of another type is refused at its position, not crashed on."""
        with pytest.raises(ConfigurationError, match="does not fit its tag") as info:
            load_yaml_text(text, file="f.yaml")
        assert info.value.line == 1

    def test_custom_tag_message_never_shows_the_value(self) -> None:
        """An unquoted `!value` may be a password: the message does not repeat it."""
        with pytest.raises(UnsupportedTagError) as info:
            load_yaml_text("password: !hunter2-secret\n")
        assert "hunter2" not in str(info.value)

    def test_env_value_with_a_tag_stays_text(self) -> None:
        """An override starting with `!` is taken as text, as before."""
        assert parse_env_value("!hunter2-secret") == "!hunter2-secret"


class TestFiles:
    def test_fifo_is_refused_without_blocking(self, tmp_path: Path) -> None:
        """Opening a FIFO would wait for a writer forever: it is refused from its type."""
        fifo = tmp_path / "org.yaml"
        os.mkfifo(fifo)
        with pytest.raises(ConfigurationError, match="not a regular file"):
            read_text_file(fifo)

    def test_size_checked_before_reading(self, tmp_path: Path) -> None:
        """A huge (sparse) file is refused from its size."""
        big = tmp_path / "big.yaml"
        with big.open("wb") as handle:
            handle.truncate(10 * 1024 * 1024 * 1024)
        with pytest.raises(ConfigurationError, match=r"10240\.0 MiB is too large"):
            load_yaml_file(big)

    def test_non_utf8_names_line_and_column(self, tmp_path: Path) -> None:
        """The first undecodable byte is located."""
        path = tmp_path / "x.yaml"
        path.write_bytes(b"a: 1\nbb: \xc3\x28\n")
        with pytest.raises(ConfigurationError) as info:
            load_yaml_file(path)
        assert (info.value.line, info.value.column) == (2, 5)


class TestParsedData:
    def test_json_depth_and_size(self) -> None:
        """Data that never went through YAML gets the same bounds."""
        deep: object = "x"
        for _ in range(100):
            deep = [deep]
        with pytest.raises(ConfigurationError, match="deeper than 64"):
            check_data(deep, key_path="demo")
        with pytest.raises(ConfigurationError, match="more than 10000 values"):
            check_data(list(range(20_000)), key_path="demo")
        with pytest.raises(ConfigurationError, match="70000 characters"):
            check_data({"k": "v" * 70_000}, key_path="demo")
        check_data({"fine": [1, 2, {"a": "b"}]})
