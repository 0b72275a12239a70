"""The `ocop` command: checks records the same way the build does.

Exit codes: 0 when every record is valid (warnings allowed), 1 when any record has an error,
2 when the command itself is used wrongly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import load_catalog
from .problems import format_problem


def validate(products: Path) -> int:
    if not products.is_dir():
        print(f"Không tìm thấy thư mục {products} / folder not found: {products}", file=sys.stderr)
        return 2
    result = load_catalog(products)
    for problem in result.problems:
        print(format_problem(problem))
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        print(f"\n✗ {errors} lỗi, {warnings} cảnh báo / {errors} errors, {warnings} warnings")
        return 1
    catalog = result.catalog
    assert catalog is not None
    print(
        f"✓ Hồ sơ hợp lệ: {len(catalog.producers)} cơ sở, {len(catalog.products)} sản phẩm, "
        f"{len(catalog.batches)} lô ({warnings} cảnh báo) / records are valid: {len(catalog.producers)} "
        f"producers, {len(catalog.products)} products, {len(catalog.batches)} batches ({warnings} warnings)"
    )
    return 0


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
    args = parser.parse_args(argv)
    return validate(args.products)


if __name__ == "__main__":
    sys.exit(main())
