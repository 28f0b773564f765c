"""The recognition pages: /recognition/ (every jurisdiction and recognizer), /recognition/<jurisdiction>/
(every credential that counts there) and /approved-lists/<id>/ (one recognizer's approved list).

They read the grants (recognition.py) and the lists' standings (approved_lists.py), both made from the typed
model and the scorecards. The jurisdiction page is a full table that works without scripts; a small script
(assets/recognition.js) adds filters by recognizer, credit type and text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .approved_lists import ApprovedList, Rule, Standing, describe_fact
from .labels import field_titles, labels
from .pipeline import Build
from .recognition import Grant, grants, jurisdiction_name, jurisdiction_slug, places, recognizers
from .render import render


@dataclass(frozen=True, slots=True)
class ListSummary:
    list: ApprovedList
    on: int
    left: int


def recognition_pages(build: Build) -> list[tuple[str, str]]:
    """(path, page source) of the index, every jurisdiction's page and every approved list's page."""
    words = labels(build.root)
    found = grants(build, words)
    standings = build.standings()
    summaries = [ListSummary(build.approved_lists[lid], sum(s.on for s in rows.values()),
                             sum(not s.on for s in rows.values())) for lid, rows in standings.items()]
    meta = {"title": "Recognition by jurisdiction",
            "description": "Where each micro-credential counts: every jurisdiction and recognizer, and approved lists."}
    pages = [("recognition/index.md", render("recognition.md.j2", meta=meta, root="../", places=places(found),
                                             recognizers=recognizers(found), lists=summaries,
                                             total=len({g.credential for g in found})))]
    by_place: dict[str, list[Grant]] = {}
    for g in found:
        if g.jurisdiction:  # credit not tied to a place has no jurisdiction page
            by_place.setdefault(g.jurisdiction, []).append(g)
    for code, rows in sorted(by_place.items()):
        rows.sort(key=lambda g: (g.title.casefold(), g.credential, g.recognizer.name if g.recognizer else ""))
        pages.append((f"recognition/{jurisdiction_slug(code)}/index.md", jurisdiction_page(code, rows)))
    titles = field_titles(build.root)
    for lid, rows in standings.items():
        pages.append((f"approved-lists/{lid}/index.md", list_page(build, build.approved_lists[lid], rows, titles)))
    return pages


def jurisdiction_page(code: str, rows: list[Grant]) -> str:
    name = jurisdiction_name(code)
    where = f"{name} ({code})" if name != code else code
    meta = {"title": f"Credentials recognized in {where}",
            "description": f"Every micro-credential in the catalog that counts in {where}, with its credit."}
    kinds = sorted({(g.type, g.type_title) for g in rows}, key=lambda k: k[1])
    names = sorted({(g.recognizer.id if g.recognizer else "", g.recognizer.name if g.recognizer else "Not named")
                    for g in rows}, key=lambda r: r[1].casefold())
    return render("jurisdiction.md.j2", meta=meta, root="../../", code=code, where=where, rows=rows, kinds=kinds,
                  recognizers=names, credentials=len({g.credential for g in rows}))


def rule_text(rule: Rule, titles: Mapping[str, str]) -> str:
    """A rule in words: "MPOS standards met: at least 10", "Cost: at most 150"."""
    name = describe_fact(titles, rule.fact)
    if rule.fact == "review_current":
        return name if rule.value is True else f"{name}: no"
    value = rule.value
    shown = {"at_least": f"at least {value:g}" if isinstance(value, int | float) else f"at least {value}",
             "at_most": f"at most {value:g}" if isinstance(value, int | float) else f"at most {value}",
             "is": "yes" if value is True else "no" if value is False else str(value),
             "in": "one of " + ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)}[rule.test]
    return f"{name}: {shown}"


def list_page(build: Build, approved: ApprovedList, rows: Mapping[str, Standing], titles: Mapping[str, str]) -> str:
    meta = {"title": approved.title,
            "description": f"The approved list of {approved.recognizer.name} ({approved.jurisdiction})."}
    on = [(build.credentials[cid], s) for cid, s in rows.items() if s.on]
    left = [(build.credentials[cid], s) for cid, s in rows.items() if not s.on]
    on.sort(key=lambda pair: pair[0].title.casefold())
    left.sort(key=lambda pair: pair[0].title.casefold())
    words = labels(build.root)
    return render("approved_list.md.j2", meta=meta, root="../../", a=approved, on=on, left=left,
                  rules=[rule_text(r, titles) for r in approved.rules], as_of=build.as_of.isoformat(),
                  credit_title=lambda credit: words.value("recognition.currency.type", credit.type))
