"""Tests of iaccore.core.config.interpolate."""

from __future__ import annotations

from typing import Any

import pytest

from iaccore.core.config import ConfigurationError, Secret
from iaccore.core.config.interpolate import interpolate
from iaccore.core.config.layers import Layer, merge_layers


def run(data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return interpolate(data, builtins={"project": "payments", "stack": "dev"}, **kwargs)


class TestResolution:
    def test_whole_reference_keeps_type(self) -> None:
        """A string that is only a reference takes the referenced value and type."""
        out = run(
            {
                "a": {"n": 3, "flag": True, "l": [1, 2], "m": {"k": "v"}},
                "b": {"n": "${a:n}", "flag": "${a:flag}", "l": "${a:l}", "m": "${a:m}"},
            }
        )
        assert out["b"] == {"n": 3, "flag": True, "l": [1, 2], "m": {"k": "v"}}

    def test_embedded_references_stringify(self) -> None:
        """Embedded references become text; booleans as true/false, null as empty."""
        out = run(
            {
                "a": {"n": 3, "flag": False, "none": None},
                "b": {"s": "n=${a:n} f=${a:flag} x=${a:none}!"},
            }
        )
        assert out["b"]["s"] == "n=3 f=false x=!"

    def test_builtins(self) -> None:
        """${pulumi:project} and ${pulumi:stack} are built in."""
        out = run({"a": {"s": "${pulumi:project}-${pulumi:stack}"}})
        assert out["a"]["s"] == "payments-dev"

    def test_escape(self) -> None:
        """$${ writes a literal ${ and is not resolved."""
        out = run({"a": {"s": "$${a:s} and $${nope}", "t": "$${x}"}})
        assert out["a"] == {"s": "${a:s} and ${nope}", "t": "${x}"}

    def test_chained_references(self) -> None:
        """References to references resolve transitively."""
        out = run({"a": {"x": "${b:y}"}, "b": {"y": "${c:z}"}, "c": {"z": 7}})
        assert out["a"]["x"] == 7

    def test_list_index_reference(self) -> None:
        """Numeric path parts index lists."""
        out = run({"a": {"l": ["p", "q"], "s": "${a:l.1}"}})
        assert out["a"]["s"] == "q"

    def test_defaults_fallback(self) -> None:
        """A reference no layer sets falls back to model defaults."""
        out = run({"a": {"s": "${aws:region}"}}, defaults={"aws": {"region": "eu-west-1"}})
        assert out["a"]["s"] == "eu-west-1"

    def test_input_not_mutated(self) -> None:
        """Interpolation returns a new tree."""
        data = {"a": {"x": "${b:y}"}, "b": {"y": 1}}
        run(data)
        assert data["a"]["x"] == "${b:y}"


class TestSecrets:
    def test_whole_secret_reference_stays_secret(self) -> None:
        """Referencing a secret yields the same secret."""
        out = run({"a": {"pw": Secret("hunter2")}, "b": {"pw": "${a:pw}"}})
        assert out["b"]["pw"] == Secret("hunter2")

    def test_embedded_secret_makes_result_secret(self) -> None:
        """A string embedding a secret becomes a secret."""
        out = run({"a": {"pw": Secret("hunter2")}, "b": {"dsn": "user:${a:pw}@host"}})
        assert isinstance(out["b"]["dsn"], Secret)
        assert out["b"]["dsn"].reveal() == "user:hunter2@host"


class TestErrors:
    def test_unknown_reference_names_holder_and_suggests(self) -> None:
        """An unknown reference names the holding key, its file:line and a close match."""
        merged = merge_layers(
            [
                Layer(
                    "stack",
                    {
                        "project": {"environment": "dev"},
                        "aws": {"tags": {"env": "${project:enviroment}"}},
                    },
                    file="Pulumi.dev.yaml",
                    positions={("aws", "tags", "env"): (6, 7)},
                )
            ]
        )
        with pytest.raises(ConfigurationError) as info:
            run(merged.data, provenance=merged.provenance)
        text = str(info.value)
        assert info.value.key_path == "aws.tags.env"
        assert "Pulumi.dev.yaml:6:7" in text
        assert "did you mean '${project:environment}'" in text

    def test_cycle_is_named(self) -> None:
        """A cycle is reported as a -> b -> a."""
        with pytest.raises(ConfigurationError) as info:
            run({"a": {"x": "${b:y}"}, "b": {"y": "${a:x}"}})
        assert "a.x -> b.y -> a.x" in str(info.value)

    def test_self_reference_is_cycle(self) -> None:
        """A key referencing itself is a cycle."""
        with pytest.raises(ConfigurationError, match=r"cycle: a\.x -> a\.x"):
            run({"a": {"x": "pre-${a:x}"}})

    def test_container_containing_reference_is_cycle(self) -> None:
        """A key referencing a mapping that contains it is a cycle."""
        with pytest.raises(ConfigurationError, match=r"cycle: a\.m -> a\.m\.x -> a\.m"):
            run({"a": {"m": {"x": "${a:m}"}}})

    @pytest.mark.parametrize("text", ["${}", "${nocolon}", "${:x}", "${a: }"])
    def test_malformed_reference(self, text: str) -> None:
        """References without section and key are rejected."""
        with pytest.raises(ConfigurationError, match="malformed reference"):
            run({"b": {"s": text}, "a": {}})

    def test_unknown_builtin(self) -> None:
        """Only project and stack are builtins."""
        with pytest.raises(ConfigurationError, match=r"unknown reference \$\{pulumi:org\}"):
            run({"a": {"s": "${pulumi:org}"}})

    def test_embedding_container_is_error(self) -> None:
        """Mappings cannot be embedded into longer strings."""
        with pytest.raises(ConfigurationError, match="mapping and cannot be embedded"):
            run({"a": {"m": {"k": 1}, "s": "x${a:m}"}})
