"""The forms in which `ocop validate` reports problems: for people, for GitHub and for tools.

- ``text``: what a producer reads in a terminal or a CI log, errors first, warnings apart.
- ``github``: GitHub Actions workflow commands (``::error file=…,line=…::…``), so that each
  problem shows on its line in the pull request, followed by the text report for the log.
- ``json``: one document for tools and editors.

Every string that comes from a record has already been made printable by ``problems``; the
file names, which come from the file system, are made printable here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..records.problems import Problem, ProblemSummary, format_problem, visible_text

Format = Literal["text", "github", "json"]
FORMATS: tuple[Format, ...] = ("text", "github", "json")
JSON_VERSION = 1


@dataclass(frozen=True)
class Counts:
    producers: int
    products: int
    batches: int


@dataclass(frozen=True)
class Report(ProblemSummary):
    """The outcome of one validation run."""

    scope: str  # the folder that was checked, as given
    problems: list[Problem]
    counts: Counts | None  # None when errors kept the catalog from being built

    def __post_init__(self) -> None:
        # File names come from the file system and field names from the keys of a record: like
        # the values in messages, they must not carry control characters into a terminal or log.
        printable = [
            replace(p, file=visible_text(p.file), field=visible_text(p.field)) for p in self.problems
        ]
        object.__setattr__(self, "problems", printable)

    @property
    def valid(self) -> bool:
        return not self.errors


def render(report: Report, form: Format) -> str:
    if form == "json":
        return render_json(report)
    if form == "github":
        return render_github(report) + "\n" + render_text(report)
    return render_text(report)


def render_text(report: Report) -> str:
    lines = [format_problem(p) for p in report.errors]
    if report.warnings:
        if lines:
            lines.append("")
        lines.append(
            f"── {len(report.warnings)} cảnh báo (không chặn việc đăng) / warnings (do not block publishing) ──"
        )
        lines += [format_problem(p) for p in report.warnings]
    lines.append(("\n" if report.problems else "") + summary(report))
    return "\n".join(lines)


def summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    if report.counts is None or errors:
        return f"✗ {errors} lỗi, {warnings} cảnh báo / {errors} errors, {warnings} warnings"
    c = report.counts
    return (
        f"✓ Hồ sơ hợp lệ: {c.producers} cơ sở, {c.products} sản phẩm, {c.batches} lô ({warnings} cảnh báo) "
        f"/ records are valid: {c.producers} producers, {c.products} products, {c.batches} batches "
        f"({warnings} warnings)"
    )


# --- GitHub Actions -------------------------------------------------------------------------


def render_github(report: Report) -> str:
    """One workflow command per problem. GitHub shows the first ten errors and ten warnings of a
    step on the pull request's lines; the text report that follows in the log has them all."""
    return "\n".join(_annotation(p) for p in [*report.errors, *report.warnings])


def _annotation(problem: Problem) -> str:
    properties = {"file": problem.file, "line": problem.line, "col": problem.column}
    properties["title"] = f"{problem.field} — ocop validate" if problem.field else "ocop validate"
    written = ",".join(f"{key}={_property(str(value))}" for key, value in properties.items() if value)
    lines = [f"vi: {problem.message('vi')}", f"en: {problem.message('en')}"]
    if problem.hint:
        lines.append(f"gợi ý: {problem.hint_text('vi')} / hint: {problem.hint_text('en')}")
    return f"::{problem.severity} {written}::{_data(chr(10).join(lines))}"


def _data(text: str) -> str:
    # The escapes the runner decodes; a newline of its own would end the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def step_summary(report: Report) -> str:
    """Markdown for the job's summary page ($GITHUB_STEP_SUMMARY): every problem, in a table."""
    lines = ["### Kiểm tra hồ sơ OCOP / OCOP record check", "", summary(report), ""]
    if report.problems:
        lines += ["| | Vị trí / Where | Trường / Field | Lỗi / Problem |", "| --- | --- | --- | --- |"]
        for p in [*report.errors, *report.warnings]:
            mark = "❌" if p.severity == "error" else "⚠️"
            text = f"{p.message('vi')}<br>{p.message('en')}"
            if p.hint:
                text += f"<br>💡 {p.hint_text('vi')} / {p.hint_text('en')}"
            lines.append(
                f"| {mark} | `{_cell(p.location)}` | `{_cell(p.field)}` | {_cell(text, keep_breaks=True)} |"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str, *, keep_breaks: bool = False) -> str:
    """Text safe inside a Markdown table cell: no column breaks, no HTML from the records."""
    parts = text.split("<br>") if keep_breaks else [text]
    escaped = [
        visible_text(part).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
        for part in parts
    ]
    return "<br>".join(escaped).replace("`", "'")


# --- JSON -----------------------------------------------------------------------------------


def render_json(report: Report) -> str:
    document = {
        "version": JSON_VERSION,
        "scope": report.scope,
        "valid": report.valid,
        "counts": None if report.counts is None else vars(report.counts),
        "errors": [problem_json(p) for p in report.errors],
        "warnings": [problem_json(p) for p in report.warnings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def problem_json(problem: Problem) -> dict[str, Any]:
    hint = None
    if problem.hint:
        hint = {"vi": problem.hint_text("vi"), "en": problem.hint_text("en")}
    return {
        "file": visible_text(problem.file),
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "code": problem.code,
        "severity": problem.severity,
        "message": {"vi": problem.message("vi"), "en": problem.message("en")},
        "hint": hint,
    }
