"""The `ocop` command: checks records the same way the build does, and keeps the permalink ledger.

Exit codes: 0 when every record is valid (warnings allowed), 1 when any record has an error,
2 when the command itself is used wrongly.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .checks import check_site
from .ledger import LEDGER_FILE, read_ledger, update_ledger, write_ledger
from .problems import format_problem

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _ledger_for(products: Path) -> Path:
    return products.parent / LEDGER_FILE


def validate(products: Path) -> int:
    if not products.is_dir():
        print(f"Không tìm thấy thư mục {products} / folder not found: {products}", file=sys.stderr)
        return EXIT_USAGE
    checked = check_site(products, _ledger_for(products), base_url="")
    for problem in checked.problems:
        print(format_problem(problem))
    errors, warnings = len(checked.errors), len(checked.warnings)
    if checked.plan is None:
        print(f"\n✗ {errors} lỗi, {warnings} cảnh báo / {errors} errors, {warnings} warnings")
        return EXIT_INVALID
    catalog = checked.plan.catalog
    print(
        f"✓ Hồ sơ hợp lệ: {len(catalog.producers)} cơ sở, {len(catalog.products)} sản phẩm, "
        f"{len(catalog.batches)} lô ({warnings} cảnh báo) / records are valid: {len(catalog.producers)} "
        f"producers, {len(catalog.products)} products, {len(catalog.batches)} batches ({warnings} warnings)"
    )
    return EXIT_OK


def ledger_update(products: Path) -> int:
    ledger = _ledger_for(products)
    checked = check_site(products, ledger, base_url="")
    if checked.plan is None:
        for problem in checked.errors:
            print(format_problem(problem))
        return EXIT_INVALID
    entries, _ = read_ledger(ledger)
    updated = update_ledger(entries, checked.plan, products.parent, date.today())
    write_ledger(ledger, updated)
    print(f"{ledger}: +{len(updated) - len(entries)} ({len(updated)})")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP catalog records / hồ sơ OCOP")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="kiểm tra hồ sơ / check the records")
    check.add_argument(
        "products",
        nargs="?",
        default="products",
        type=Path,
        help="thư mục hồ sơ / records folder (default: products)",
    )
    ledger = commands.add_parser("ledger", help="sổ đường dẫn cố định / permalink ledger")
    ledger.add_argument("action", choices=["update"])
    ledger.add_argument("products", nargs="?", default="products", type=Path)
    args = parser.parse_args(argv)
    if args.command == "ledger":
        return ledger_update(args.products)
    return validate(args.products)


if __name__ == "__main__":
    sys.exit(main())
