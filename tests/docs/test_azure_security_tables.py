"""The Azure component pages' control tables share one format and name real control ids.

Each Azure component page has a "Security defaults" table (``| Default | CIS | ASB | Opt out |``)
and under it a "Not met by default" table (``| Control | CIS | ASB | Why not by default | What
meets it |``); aks-cluster.md names the CIS AKS benchmark instead of CIS Azure Foundations. ASB
cells hold Microsoft cloud security benchmark ids, CIS cells recommendation numbers, each cell a
comma-separated list or ``—``.
"""

from __future__ import annotations

import re

import pytest

from tests.docs.test_security_tables import security_sections

#: Page -> the name of its CIS column.
PAGES = {
    "secure-vnet.md": "CIS",
    "aks-cluster.md": "CIS AKS",
    "storage-account.md": "CIS",
    "linux-vm.md": "CIS",
    "rbac.md": "CIS",
}
NONE = "—"
#: Control ids of the Microsoft cloud security benchmark v1 (the Azure security benchmark v3
#: renamed), per domain the highest number: https://learn.microsoft.com/security/benchmark/azure/
#: (overview and the per-domain pages, e.g. mcsb-network-security: NS-1 to NS-10).
MCSB_DOMAINS = {
    "NS": 10,  # Network security
    "IM": 9,  # Identity management
    "PA": 8,  # Privileged access
    "DP": 8,  # Data protection
    "AM": 5,  # Asset management
    "LT": 7,  # Logging and threat detection
    "IR": 7,  # Incident response
    "PV": 7,  # Posture and vulnerability management
    "ES": 3,  # Endpoint security
    "BR": 4,  # Backup and recovery
    "DS": 7,  # DevOps security
    "GS": 10,  # Governance and strategy
}
MCSB_IDS = frozenset(
    f"{domain}-{number}" for domain, last in MCSB_DOMAINS.items() for number in range(1, last + 1)
)
#: A CIS recommendation number or range: 4.1, 3.1.5.1, 7.1-7.4.
CIS_ID = re.compile(r"^\d+(\.\d+)*(-\d+(\.\d+)*)?$")
SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")


def headers(cis: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The exact headers of the Security defaults table and the Not met table."""
    return (
        ("Default", cis, "ASB", "Opt out"),
        ("Control", cis, "ASB", "Why not by default", "What meets it"),
    )


def cells(row: str) -> list[str]:
    """The stripped cells of a markdown table row.

    >>> cells("| a | `b` | — |")
    ['a', '`b`', '—']
    """
    return [cell.strip() for cell in row.strip().strip("|").split(" | ")]


def table(text: str, page: str) -> tuple[list[str], list[list[str]]]:
    """The header and body rows of the one table in ``text``."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert len(lines) >= 2, f"{page}: no table"
    header, separator, *body = lines
    assert SEPARATOR.match(separator), f"{page}: no separator row under {header}"
    assert not [line for line in body if SEPARATOR.match(line)], f"{page}: more than one table"
    return cells(header), [cells(row) for row in body]


def tables(page: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The Security defaults table and the Not met table of ``page``, by name."""
    defaults, not_met = security_sections(page)
    return {"defaults": table(defaults, page), "not met": table(not_met, page)}


def items(cell: str) -> list[str]:
    """The comma-separated items of a control cell; none for ``—``."""
    return [] if cell == NONE else [item.strip() for item in cell.split(",")]


@pytest.mark.parametrize("page", PAGES)
def test_headers(page: str) -> None:
    """Both tables carry the agreed columns, in order."""
    expected = headers(PAGES[page])
    found = tables(page)
    assert tuple(found["defaults"][0]) == expected[0], page
    assert tuple(found["not met"][0]) == expected[1], page


@pytest.mark.parametrize("page", PAGES)
def test_rows(page: str) -> None:
    """Every table has rows, each with one cell per column and none empty."""
    for name, (header, rows) in tables(page).items():
        assert rows, f"{page}: the {name} table has no rows"
        for row in rows:
            assert len(row) == len(header), f"{page}: {row}"
            assert all(row), f"{page}: empty cell in {row}"


@pytest.mark.parametrize("page", PAGES)
def test_control_ids(page: str) -> None:
    """ASB cells name benchmark controls; CIS cells name recommendation numbers."""
    for header, rows in tables(page).values():
        cis, asb = header.index(PAGES[page]), header.index("ASB")
        for row in rows:
            unknown = [item for item in items(row[asb]) if item not in MCSB_IDS]
            assert not unknown, f"{page}: not a benchmark control {unknown} in {row}"
            bad = [item for item in items(row[cis]) if not CIS_ID.match(item)]
            assert not bad, f"{page}: not a CIS recommendation number {bad} in {row}"


@pytest.mark.parametrize("page", PAGES)
def test_opt_out_and_remedy_filled(page: str) -> None:
    """Each default says how to opt out; each unmet control says what meets it."""
    found = tables(page)
    for name, column in (("defaults", "Opt out"), ("not met", "What meets it")):
        header, rows = found[name]
        for row in rows:
            assert row[header.index(column)], f"{page}: no {column!r} in {row}"


def test_mcsb_ids() -> None:
    """The id list holds the benchmark's controls and nothing past a domain's last one."""
    assert len(MCSB_IDS) == 85
    assert {"NS-1", "NS-10", "IM-9", "PA-8", "DP-8", "LT-7", "GS-10"} <= MCSB_IDS
    assert not {"NS-11", "IM-10", "PA-9", "DP-9", "BR-5", "ES-4"} & MCSB_IDS


def test_parsers() -> None:
    """Cells split on ' | ', items on commas; — is no item; CIS ranges and sub-items match."""
    assert cells("| Default | CIS | ASB |") == ["Default", "CIS", "ASB"]
    assert items(NONE) == []
    assert items("NS-1, NS-2") == ["NS-1", "NS-2"]
    assert all(CIS_ID.match(item) for item in ("4.1", "3.1.5.1", "7.1-7.4", "2.1.1"))
    assert not any(CIS_ID.match(item) for item in ("6.1.x", "2.23 (v3.0.0)", "7.1-", "NS-1"))
