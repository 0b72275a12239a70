"""`ocop validate` and the build agree (issue 14): every hostile record that validation accepts
builds, in one site with all of them; a build that fails says why and exits non-zero; the deploy
workflow publishes nothing after a failure; two builds never run at once in one folder, and a
cache tracked by git is refused."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.base.files import BuildLock
from generator.tools.cli import main

from . import test_hostile
from .conftest import BATCH, PRODUCER, PRODUCT, Records
from .sitebuild import NO_LEDGER, BuildFailed, BuildResult, add_hostile_records, build_site, write_config

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"producer": "producer.yml", "product": "{product}/product.yml", "batch": "{product}/batches/L1.yml"}


def photo(path: Path, image: Image.Image, **options: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, **options)


def rotated_jpeg(path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    photo(path, Image.linear_gradient("L").resize((640, 480)).convert("RGB"), format="JPEG", exif=exif)


def animated_webp(path: Path) -> None:
    frames = [Image.new("RGB", (300, 200), colour) for colour in ("gold", "green")]
    photo(path, frames[0], format="WEBP", save_all=True, append_images=frames[1:])


# Photos validation accepts that took unusual paths through the build: (file name, how to make it).
PHOTOS: dict[str, Callable[[Path], None]] = {
    "bang-ron-dung.png": lambda p: photo(p, Image.new("L", (200, 40000), 200)),  # taller than WebP allows
    "bang-ron-ngang.png": lambda p: photo(p, Image.new("L", (40000, 3), 90)),  # a variant 0 px high
    "mot-diem.png": lambda p: photo(p, Image.new("RGB", (1, 1), "gold")),
    "xam-16-bit.png": lambda p: photo(p, Image.new("I;16", (300, 200), 30000)),
    "bang-mau-trong-suot.png": lambda p: photo(p, Image.new("P", (300, 200)), transparency=0),
    "in-cmyk.jpg": lambda p: photo(p, Image.new("CMYK", (300, 200), (0, 50, 100, 0)), format="JPEG"),
    "chup-doc.jpg": rotated_jpeg,
    "dong.webp": animated_webp,
    "ảnh trà có dấu.jpg": lambda p: photo(p, Image.new("RGB", (500, 400), "gold"), format="JPEG"),
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Catalog:
    """One producer folder per case, so that all cases build in one site."""

    def __init__(self, products: Path):
        self.records = Records(products.parent)
        self.count = 0

    def producer(
        self, *, producer: dict | None = None, product: dict | None = None, lot: str = "L1"
    ) -> tuple:
        self.count += 1
        folder, product_id = f"co-so-{self.count:02d}", f"san-pham-{self.count:02d}"
        self.records.write(f"{folder}/producer.yml", {**PRODUCER, **(producer or {})})
        self.records.write(f"{folder}/{product_id}/product.yml", {**PRODUCT, **(product or {})})
        self.records.write(f"{folder}/{product_id}/batches/{lot}.yml", BATCH)
        return folder, product_id

    def hostile_file(self, case: test_hostile.Case) -> str:
        """A case of tests/hostile/ as the record of its kind in a folder of its own."""
        lot = "00123" if case.file == "lot-leading-zeros.yml" else "L1"
        folder, product_id = self.producer(lot=lot)
        relative = KINDS[case.kind].format(product=product_id).replace("L1", lot)
        self.records.write(f"{folder}/{relative}", text=(test_hostile.HOSTILE / case.file).read_bytes())
        return product_id


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, str]]:
    """Every accepted hostile case in one catalog, validated, then built; with the product id each
    case ended up in."""
    folder = tmp_path_factory.mktemp("hostile-accepted")
    products = folder / "products"
    catalog = Catalog(products)
    cases = {case.file: catalog.hostile_file(case) for case in test_hostile.CASES if case.code is None}
    media_folder, product_id = catalog.producer()
    for name, make in PHOTOS.items():
        make(products / media_folder / "media" / name)
    (products / media_folder / "media" / "chung-nhan.pdf").write_bytes(PDF)
    catalog.records.write(
        f"{media_folder}/{product_id}/product.yml",
        {
            **PRODUCT,
            "images": [f"../media/{name}" for name in PHOTOS],
            "standards": [{"name": "VietGAP", "document": "../media/chung-nhan.pdf"}],
        },
    )
    cases["photos"] = product_id
    for lot in ("10", "A(1)+B,2;=%&'!", "qr.png.cu", "LABELS-2"):  # GS1 characters; near a reserved name
        cases[f"lot {lot}"] = catalog.producer(lot=lot)[1]
    cases["commune 123"] = catalog.producer(producer={"commune": "123"})[1]
    cases["emoji"] = catalog.producer(product={"name": {"vi": "Trà hoa vàng 🍵", "en": "Golden tea 🍵"}})[1]
    add_hostile_records(products)  # markup in every text field (tests/sitebuild.py)
    assert main(["validate", str(products)]) == 0, "validation accepts every case"
    return build_site(folder, products, ledger=NO_LEDGER), cases


def test_every_case_validation_accepts_builds(built: tuple[BuildResult, dict[str, str]]) -> None:
    site, cases = built
    assert len(cases) >= 10
    for case, product_id in cases.items():
        assert site.page(f"p/{product_id}/").is_file(), case
        assert site.page(f"en/p/{product_id}/").is_file(), case


def test_the_formula_named_product_is_text_in_the_csv(built: tuple[BuildResult, dict[str, str]]) -> None:
    site, cases = built
    rows = csv.DictReader(io.StringIO((site.site / "data/products.csv").read_text(encoding="utf-8-sig")))
    [row] = [r for r in rows if r["id"] == cases["formula-name.yml"]]
    assert row["name_vi"].startswith("'=HYPERLINK(") and row["name_en"].startswith("'+cmd")


def test_unusual_photos_are_published_within_the_encoders_limits(
    built: tuple[BuildResult, dict[str, str]],
) -> None:
    site, _ = built
    published = sorted((site.site / "media").rglob("*.webp")) + sorted((site.site / "media").rglob("*.jpg"))
    assert len(published) >= 2 * len(PHOTOS)
    for file in published:
        with Image.open(file) as image:
            image.load()
            assert min(image.size) >= 1 and max(image.size) <= 16383, file
    assert list((site.site / "media").rglob("chung-nhan.pdf"))


# --- A failing build ---------------------------------------------------------------------------


def mkdocs_build(config: Path, **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"},
        **options,  # type: ignore[call-overload]
    )


def test_a_refused_build_exits_non_zero_with_the_bilingual_report(tmp_path: Path, records: Records) -> None:
    records.minimal()
    records.write("htx-tra-ba-che/tra-hoa-vang/product.yml", text="name: Trà\nshelf_life:24 tháng\n")
    config = write_config(tmp_path, records.products, ledger=NO_LEDGER)
    output, _ = (build := mkdocs_build(config)).communicate(timeout=300)
    assert build.returncode != 0
    assert "Traceback" not in output
    assert "product.yml:2:1" in output and "Sau dấu hai chấm phải có một dấu cách" in output
    assert "A colon needs a space after it" in output
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_deploy_workflow_publishes_nothing_after_a_failure() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "if" not in deploy  # no deploy unless the build job succeeded
    steps = build["steps"]
    runs = [step.get("run", "") for step in steps]
    upload = next(
        i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-pages")
    )
    assert any("mkdocs build" in run for run in runs[:upload]), "the site is built before it is uploaded"
    for step in steps:  # a failed step stops the job: nothing after it runs, nothing is uploaded
        assert "continue-on-error" not in step and "always()" not in str(step.get("if", ""))
    assert "continue-on-error" not in build


# --- Two builds at once, a tracked cache -----------------------------------------------------


def test_a_second_build_in_the_folder_waits_for_the_first(tmp_path: Path, records: Records) -> None:
    records.minimal()
    config = write_config(tmp_path, records.products, ledger=NO_LEDGER)
    first = BuildLock(tmp_path / "cache" / "build.lock")  # what a running build holds
    first.acquire(waiting=lambda: pytest.fail("nothing else holds the lock yet"))
    second = mkdocs_build(config)
    try:
        assert second.stdout is not None
        seen = ""
        deadline = time.monotonic() + 120
        while "another build is running in this folder" not in seen and time.monotonic() < deadline:
            seen += second.stdout.readline()
        assert "another build is running in this folder" in seen
        time.sleep(1)
        assert second.poll() is None and not (tmp_path / "site" / "index.html").exists(), "it waits"
    finally:
        first.release()
    rest, _ = second.communicate(timeout=300)
    assert second.returncode == 0, seen + rest
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_build_after_a_refused_one_is_not_kept_waiting(tmp_path: Path, records: Records) -> None:
    """`mkdocs serve` builds again after each change, whether the last build failed or not."""
    records.minimal()
    broken = records.write("htx-tra-ba-che/tra-hoa-vang/product.yml", text="name:\n\tvi: Trà\n")
    with pytest.raises(BuildFailed):
        build_site(tmp_path, records.products, ledger=NO_LEDGER)
    lock = BuildLock(tmp_path / "cache" / "build.lock")
    lock.acquire(waiting=lambda: pytest.fail("the refused build kept the lock"))
    lock.release()
    broken.write_text(yaml.safe_dump(PRODUCT, allow_unicode=True), encoding="utf-8")
    assert build_site(tmp_path, records.products, ledger=NO_LEDGER).page("p/tra-hoa-vang/").is_file()
    lock.acquire(waiting=lambda: pytest.fail("the build kept the lock"))
    lock.release()


def test_a_cache_tracked_by_git_is_refused_in_one_line(tmp_path: Path, records: Records) -> None:
    records.minimal()
    planted = tmp_path / "cache" / "records" / "htx-tra-ba-che" / "planted.pickle"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"\x80\x04.")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-f", "cache"], check=True)
    with pytest.raises(BuildFailed) as refused:
        build_site(tmp_path, records.products, ledger=NO_LEDGER)
    [line] = [line for line in str(refused.value).splitlines() if "git" in line]
    assert "cache/records/htx-tra-ba-che/planted.pickle" in line and "git rm -r --cached" in line
    assert not (tmp_path / "site" / "index.html").exists()
