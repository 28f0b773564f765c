"""Pages, cards, the browse data, the search index and the feed read only the typed model (model.py) and the
scorecards, never the contributor's YAML: a lint over the templates and the page modules, and a build of
every page with the contributor's records taken away."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_plugins import pages, pipeline

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "site_plugins"
# The page templates (the scorecard's and the badge's belong to scoring and exports).
TEMPLATES = sorted(p for p in (PACKAGE / "templates").glob("*.j2") if p.name not in ("scaffold.yaml.j2",))
# The modules that make pages and their data from the model.
OUTPUTS = ("views.py", "cards.py", "wording.py", "pages.py", "browse_data.py", "search_index.py", "charts.py",
           "plugin.py")
# How reading the contributor's record looks: a dotted-path lookup or a key of its dict.
TEMPLATE_READS = (re.compile(r"\.get\("), re.compile(r"\.data\b"), re.compile(r"\[\s*['\"]"))
MODULE_READS = (re.compile(r"\.data\s*[\[.]"), re.compile(r"\bcatalog\.(credentials|stacks|organizations)\b"),
                re.compile(r"\bbuild\.(catalog|memo|resolved)\b"), re.compile(r"\bget_path\b"),
                re.compile(r"from \.(resolve|catalog) import"))


def _offences(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[str]:
    return [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
            for pattern in patterns for m in pattern.finditer(text)]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_read_attributes_not_the_contributors_dict(path: Path) -> None:
    # {# comments #} may name what not to do; only the template's code counts.
    code = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
    found = _offences(code, TEMPLATE_READS)
    assert not found, f"{path.name} reads a record by key or path: {found}"


@pytest.mark.parametrize("name", OUTPUTS)
def test_page_modules_read_the_model_not_the_contributors_records(name: str) -> None:
    found = _offences((PACKAGE / name).read_text(encoding="utf-8"), MODULE_READS)
    assert not found, f"site_plugins/{name} reads the contributor's records: {found}"


def test_the_lint_catches_what_it_is_for() -> None:
    assert _offences('{{ c.get("access.cost") }} {{ c.data.title }} {{ c["title"] }}', TEMPLATE_READS) != []
    assert len(_offences("x = build.catalog.credentials[cid].data['title']", MODULE_READS)) == 3
    assert _offences("{{ c.access.cost.amount.value }} {{ outcomes[s.outcome].word }}", TEMPLATE_READS) == []


class _Gone:
    """Stands in for the contributor's records: any use of them fails the build."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"an output read build.catalog.{name}, the contributor's records")


def test_every_page_is_made_without_the_contributors_records() -> None:
    build = pipeline.run(ROOT)
    expected = pages.all_pages(build, "https://catalog.example.org/")
    build.catalog = _Gone()  # type: ignore[assignment]
    assert pages.all_pages(build, "https://catalog.example.org/") == expected
