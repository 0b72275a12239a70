"""The `ocop` command.

    ocop validate [FOLDER] [--format text|github|json]
        Check the records the way the build and a pull request do. FOLDER is `products` (the
        default, the whole catalog) or one producer's folder, `products/<producer-id>`, for a
        quick check of that producer alone (a path inside that folder works too).
    ocop new producer|product|batch [flags]
        Start a record with every required field; asks in a terminal, takes flags in scripts.
    ocop schema [--check]       write (or check) the JSON Schema files in schema/
    ocop codeowners [--check] [--editors @org/team]
                                write (or check) .github/CODEOWNERS from each producer's maintainers
    ocop ledger update          add the current records' URLs to the permalink ledger

Exit codes:
    0  done; for `validate`, every record is valid (warnings do not count)
    1  `validate` found an error; `--check` found a stale file; `new` wrote nothing (the file
       exists, a value is wrong, or it was cancelled)
    2  the command was used wrongly (unknown command or option, a folder that does not exist)
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from ..records import clock, schema_export
from ..records.problems import format_problem, sort_problems
from ..site.checks import check_site
from ..site.ledger import LEDGER_FILE, read_ledger, update_ledger, write_ledger
from . import codeowners, scaffold
from .report import FORMATS, Counts, Report, render, step_summary

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _ledger_for(products: Path) -> Path:
    return products.parent / LEDGER_FILE


# --- ocop validate ----------------------------------------------------------------------------


def target_of(path: Path) -> tuple[Path, str | None]:
    """The records folder and, when ``path`` is (inside) one producer's folder, that producer."""
    if path.is_dir() and path.parent.name == "products" and path.name != "products":
        return path.parent, path.name
    for folder in [path, *path.parents]:
        if (folder / "producer.yml").is_file():
            return folder.parent, folder.name
    return path, None


def check(products: Path, only: str | None, today: date) -> Report:
    """Every problem of the catalog, or of one producer, in one run, as of ``today``."""
    root = products.parent
    checked = check_site(products, _ledger_for(products), base_url="", today=today, only=only)
    problems, plan = list(checked.problems), checked.plan
    problems = sort_problems(problems + codeowners.stale_problems(root, only))
    counts = None
    if plan is not None and not any(p.severity == "error" for p in problems):
        catalog = plan.catalog
        counts = Counts(len(catalog.producers), len(catalog.products), len(catalog.batches))
    scope = str(products / only) if only else str(products)
    return Report(scope, problems, counts)


def validate(path: Path, form: str = "text") -> int:
    if not path.exists():
        print(f"Không tìm thấy thư mục {path} / folder not found: {path}", file=sys.stderr)
        return EXIT_USAGE
    products, only = target_of(path)
    if not products.is_dir():
        print(f"{path} không phải thư mục hồ sơ / is not a records folder", file=sys.stderr)
        return EXIT_USAGE
    report = check(products, only, clock.today())
    print(render(report, form))  # type: ignore[arg-type]
    if form == "github" and (summary_file := os.environ.get("GITHUB_STEP_SUMMARY")):
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report))
    return EXIT_OK if report.valid else EXIT_INVALID


# --- ocop ledger ------------------------------------------------------------------------------


def ledger_update(products: Path) -> int:
    ledger = _ledger_for(products)
    today = clock.today()
    checked = check_site(products, ledger, base_url="", today=today)
    if checked.plan is None:
        for problem in checked.errors:
            print(format_problem(problem))
        return EXIT_INVALID
    entries, _ = read_ledger(ledger)
    updated = update_ledger(entries, checked.plan, products.parent, today)
    write_ledger(ledger, updated)
    print(f"{ledger}: +{len(updated) - len(entries)} ({len(updated)})")
    return EXIT_OK


# --- ocop schema ------------------------------------------------------------------------------


def schema(root: Path, check_only: bool) -> int:
    site_url = schema_export.site_url_from(root / "mkdocs.yml")
    if check_only:
        stale = schema_export.stale_schemas(root, site_url)
        for path in stale:
            print(
                f"{path}: chưa khớp với schema.py; chạy `ocop schema` / out of date with schema.py; run `ocop schema`"
            )
        return EXIT_INVALID if stale else EXIT_OK
    for path in schema_export.write_schemas(root, site_url):
        print(f"{path}: đã cập nhật / updated")
    return EXIT_OK


# --- ocop codeowners --------------------------------------------------------------------------


def codeowners_command(root: Path, editors: str | None, check_only: bool) -> int:
    if editors is not None and not codeowners.OWNER_RE.match(editors):
        print(
            f"“{editors}” không phải tài khoản hay nhóm (@ten hoặc @to-chuc/nhom) "
            f"/ is not an account or team (@name or @org/team)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if check_only:
        problems = codeowners.stale_problems(root)
        for problem in problems:
            print(format_problem(problem))
        return EXIT_INVALID if problems else EXIT_OK
    path, changed = codeowners.write_codeowners(root, editors)
    print(f"{path}: {'đã cập nhật / updated' if changed else 'không đổi / unchanged'}")
    return EXIT_OK


# --- ocop new ---------------------------------------------------------------------------------


def new(args: argparse.Namespace) -> int:
    questions = scaffold.askable(scaffold.questions_for(args.record_kind))
    values = {q.key: getattr(args, q.key) for q in questions if getattr(args, q.key, None) is not None}
    request = scaffold.NewRecord(
        args.record_kind,
        args.products,
        producer=args.producer,
        product=getattr(args, "product", None),
        lot=getattr(args, "lot", None),
        values=values,
    )
    interactive = sys.stdin.isatty() and not args.no_input

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    if interactive:
        vi, en = scaffold.RECORD_NAMES[args.record_kind]
        say(
            f"Tạo hồ sơ {vi} mới / a new {en} record. Ctrl+C: huỷ, không ghi gì / cancel, nothing is written.\n"
        )
    try:
        path, missing = scaffold.run_new(
            request, interactive=interactive, ask=input, say=say, today=clock.today()
        )
    except scaffold.ScaffoldError as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except (EOFError, KeyboardInterrupt):
        print("\nĐã huỷ, chưa ghi tệp nào / cancelled, nothing was written.", file=sys.stderr)
        return EXIT_INVALID
    print(f"✓ Đã tạo / created {path}")
    if missing:
        say(f"  Còn trống, hãy điền / still empty, please fill in: {', '.join(missing)}")
    producer_folder = path.relative_to(args.products).parts[0]
    say(f"  Kiểm tra / check: ocop validate {args.products / producer_folder}")
    if args.record_kind == "producer" and (args.products.parent / codeowners.CODEOWNERS_FILE).is_file():
        say("  Sau khi điền maintainers, chạy / after filling in maintainers, run: ocop codeowners")
    return EXIT_OK


def _add_new_parsers(commands: argparse._SubParsersAction) -> None:
    new_parser = commands.add_parser("new", help="tạo hồ sơ mới / start a new record")
    kinds = new_parser.add_subparsers(dest="record_kind", required=True)
    for kind in scaffold.KINDS:
        vi, en = scaffold.RECORD_NAMES[kind]
        sub = kinds.add_parser(kind, help=f"{vi} / {en}")
        sub.add_argument(
            "--products", type=Path, default=Path("products"), help="thư mục hồ sơ / records folder"
        )
        sub.add_argument(
            "--no-input", action="store_true", help="không hỏi, chỉ dùng cờ / never ask, use flags only"
        )
        sub.add_argument("--producer", help="mã cơ sở / producer id")
        if kind in ("product", "batch"):
            sub.add_argument("--product", help="mã sản phẩm / product id")
        if kind == "batch":
            sub.add_argument("--lot", help="số lô / lot")
        for question in scaffold.askable(scaffold.questions_for(kind)):
            doc = question.row.doc
            help_text = f"{doc.get('vi', '')} / {doc.get('en', '')}"
            if question.language == "en":
                help_text = "(tiếng Anh / in English) " + help_text
            sub.add_argument(f"--{question.flag}", dest=question.key, metavar="VALUE", help=help_text)


# --- The parser -------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="ocop",
        description="Hồ sơ OCOP / OCOP catalog records",
        epilog="Mã thoát / exit codes:" + (__doc__ or "").split("Exit codes:", 1)[-1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = top.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser(
        "validate",
        help="kiểm tra hồ sơ / check the records",
        description="Kiểm tra hồ sơ / check the records. Exit codes: 0 valid, 1 errors, 2 wrong usage.",
    )
    check_parser.add_argument(
        "products",
        nargs="?",
        default="products",
        type=Path,
        help="products/ hoặc một thư mục cơ sở / or one producer's folder (default: products)",
    )
    check_parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (người đọc / people), github (chú thích trên pull request / annotations), json (công cụ / tools)",
    )
    ledger = commands.add_parser("ledger", help="sổ đường dẫn cố định / permalink ledger")
    ledger.add_argument("action", choices=["update"])
    ledger.add_argument("products", nargs="?", default="products", type=Path)
    _add_new_parsers(commands)
    schema_parser = commands.add_parser(
        "schema", help="ghi JSON Schema vào schema/ / write the JSON Schema files"
    )
    schema_parser.add_argument(
        "--check", action="store_true", help="chỉ kiểm tra / only check, exit 1 when stale"
    )
    schema_parser.add_argument(
        "--root", type=Path, default=Path("."), help="thư mục gốc của kho / repository folder (default: .)"
    )
    owners = commands.add_parser("codeowners", help="ghi .github/CODEOWNERS / write .github/CODEOWNERS")
    owners.add_argument("--check", action="store_true", help="chỉ kiểm tra / only check, exit 1 when stale")
    owners.add_argument(
        "--editors",
        help=f"nhóm biên tập viên / the editors' team (default: {codeowners.DEFAULT_EDITORS}, then kept)",
    )
    owners.add_argument(
        "--root", type=Path, default=Path("."), help="thư mục gốc của kho / repository folder (default: .)"
    )
    return top


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character must not turn a report into a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    if args.command == "ledger":
        return ledger_update(args.products)
    if args.command == "new":
        return new(args)
    if args.command == "schema":
        return schema(args.root, args.check)
    if args.command == "codeowners":
        return codeowners_command(args.root, args.editors, args.check)
    return validate(args.products, args.format)


if __name__ == "__main__":
    sys.exit(main())
