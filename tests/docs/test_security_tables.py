"""The component pages' control tables: present, naming real checkov checks, covering the findings.

Each AWS component page has a "Security defaults" section with a table and, under it, a "Not met
by default" table. Every checkov id the pages name exists in checkov (run from its own
environment, see tests/scanners.py), and every check that docs/reference/tfplan.md lists as a
known finding of the examples is explained in the "Not met by default" table of the component
page its row links to.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tests.scanners import run_in_checkov

DOCS = Path(__file__).resolve().parents[2] / "docs"
COMPONENTS = DOCS / "components"
TFPLAN = DOCS / "reference" / "tfplan.md"
PAGES = ("secure-vpc.md", "eks-cluster.md", "secure-bucket.md", "instance.md", "iam.md")

SECURITY = "## Security defaults"
NOT_MET = "### Not met by default"
CHECK_ID = re.compile(r"\bCKV2?_AWS_\d+\b")
#: A finding row of tfplan.md starts with its check id in the first cell.
FINDING_ROW = re.compile(r"^\| `(CKV2?_AWS_\d+)` \|(?P<rest>.*)$", re.MULTILINE)
PAGE_LINK = re.compile(r"\(\.\./components/(?P<page>[\w-]+\.md)#not-met-by-default\)")


def section(text: str, heading: str, *, until: str) -> str:
    """The text under ``heading`` up to the next heading that starts with ``until``.

    >>> section("# A\\n## B\\nx\\n### C\\ny\\n## D\\n", "## B", until="## ")
    '\\nx\\n### C\\ny\\n'
    """
    assert text.count(f"\n{heading}\n") == 1, f"expected one {heading!r} heading"
    body = text.split(f"\n{heading}\n", 1)[1]
    end = body.find(f"\n{until}")
    return "\n" + (body if end < 0 else body[: end + 1])


def security_sections(page: str) -> tuple[str, str]:
    """The "Security defaults" text before "Not met by default", and the "Not met" text."""
    text = (COMPONENTS / page).read_text("utf-8")
    security = section(text, SECURITY, until="## ")
    defaults, _, not_met = security.partition(f"\n{NOT_MET}\n")
    assert not_met, f"{page}: no {NOT_MET!r} under {SECURITY!r}"
    return defaults, not_met


def table_rows(text: str) -> list[str]:
    """Body rows of the markdown tables in ``text`` (header and separator rows left out)."""
    lines = text.splitlines()
    rows: list[str] = []
    for index, line in enumerate(lines):
        if not line.startswith("|"):
            continue
        if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following.startswith(("|---", "| ---")):
            continue  # the header row
        rows.append(line)
    return rows


def known_findings() -> dict[str, list[str]]:
    """Check id -> the component pages linked from its row in tfplan.md's known findings."""
    text = TFPLAN.read_text("utf-8")
    findings = section(text, "## Known findings", until="## ")
    return {
        match.group(1): PAGE_LINK.findall(match.group("rest"))
        for match in FINDING_ROW.finditer(findings)
    }


@cache
def checkov_ids() -> frozenset[str]:
    """Ids of every Terraform check of checkov (the plan framework runs them)."""
    listing = run_in_checkov(
        "from checkov.docs_generator import get_checks\n"
        "for row in get_checks(frameworks=['terraform']): print(row[0])"
    )
    return frozenset(listing.split())


@pytest.mark.parametrize("page", PAGES)
def test_page_has_both_tables(page: str) -> None:
    """Security defaults and Not met by default each hold a table with rows."""
    defaults, not_met = security_sections(page)
    assert table_rows(defaults), f"{page}: {SECURITY!r} has no table"
    assert table_rows(not_met), f"{page}: {NOT_MET!r} has no table"


@pytest.mark.parametrize("page", PAGES)
def test_not_met_rows_name_a_control_and_what_meets_it(page: str) -> None:
    """Each row of a Not met table has all six cells filled (control ids, reason, remedy)."""
    _, not_met = security_sections(page)
    for row in table_rows(not_met):
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert len(cells) == 6, f"{page}: {row}"
        assert all(cells), f"{page}: empty cell in {row}"


@pytest.mark.parametrize("page", PAGES)
def test_checkov_ids_exist(page: str) -> None:
    """Every checkov id on the page is a check of checkov."""
    ids = set(CHECK_ID.findall((COMPONENTS / page).read_text("utf-8")))
    assert ids, f"{page} names no checkov check"
    assert ids <= checkov_ids(), f"{page}: unknown checks {sorted(ids - checkov_ids())}"


def test_known_findings_are_explained_on_component_pages() -> None:
    """Each failing check of tfplan.md links to a component page whose Not met table lists it."""
    findings = known_findings()
    assert findings, "tfplan.md lists no known findings"
    not_met = {page: set(CHECK_ID.findall(security_sections(page)[1])) for page in PAGES}
    everywhere = set().union(*not_met.values())
    assert set(findings) <= everywhere, sorted(set(findings) - everywhere)
    for check, pages in findings.items():
        assert pages, f"tfplan.md: the {check} row links to no component page"
        for page in pages:
            assert page in not_met, f"tfplan.md: the {check} row links to {page}"
            assert check in not_met[page], f"{check} is not in the Not met table of {page}"


def test_table_rows_skip_headers() -> None:
    """The table parser keeps body rows only."""
    text = "| A | B |\n|---|---|\n| 1 | 2 |\n\nprose\n\n| C |\n| --- |\n| 3 |\n"
    assert table_rows(text) == ["| 1 | 2 |", "| 3 |"]
