"""Rendering checks: the HTML in headless Chromium (screen and print), the Excel in LibreOffice.

Skipped with a reason where the browser or LibreOffice is not installed (CI installs both).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from test_report_excel import GENERATED, make_result

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
PNG = b"\x89PNG\r\n\x1a\n"
pytestmark = pytest.mark.slow  # every test here starts Chromium or LibreOffice


@pytest.fixture(scope="module")
def result(catalogue):
    return make_result(catalogue)


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def screenshot(tmp_path, html_path, name: str) -> bytes:
    png = tmp_path / f"{name}.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars", html_path.as_uri())
    assert png.exists(), "Chromium made no screenshot"
    return png.read_bytes()


def pdf_pages(tmp_path, html_path, name: str) -> int:
    pdf = tmp_path / f"{name}.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html_path.as_uri())
    assert pdf.exists(), "Chromium made no PDF"
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_renders_to_png(result, tmp_path, lang):
    from kpi_cli.reports.html import write_html_report

    path = write_html_report(result, tmp_path / f"report-{lang}.html", lang, generated_at=GENERATED)
    data = screenshot(tmp_path, path, f"report-{lang}")
    assert data.startswith(PNG) and len(data) > 20_000


@needs_chromium
def test_employee_page_renders_and_prints_on_one_page(catalogue, tmp_path):
    """The appraisal form of the role with the most measures still prints on one A4 page."""
    import numpy as np
    import pandas as pd

    from kpi_cli.readers.dataset import RECORD_COLUMNS
    from kpi_cli.periods import parse_period
    from kpi_cli.reports.html import render_employee
    from kpi_cli.scoring.engine import score

    role = max(catalogue.roles, key=lambda r: len(r.all_measures))
    records = pd.DataFrame([{"employee_id": "E1", "name": "欧阳娜娜", "department": "客户服务部", "role": role.code,
                             "role_label": role.name_zh, "period": "2026-Q3", "file": "a.xlsx", "sheet": "S",
                             "row": 2, "has_error": False}], columns=list(RECORD_COLUMNS))
    values = pd.DataFrame([[np.nan if k % 5 == 4 else 3.0 for k, _ in enumerate(role.all_measures)]],
                          columns=[m.code for m in role.all_measures])
    res = score(records, {role.code: values}, catalogue, parse_period("2026-Q3"))
    for lang in ("zh", "en"):
        path = tmp_path / f"employee-{lang}.html"
        path.write_text(render_employee(res, 0, lang, generated_at=GENERATED), encoding="utf-8")
        data = screenshot(tmp_path, path, f"employee-{lang}")
        assert data.startswith(PNG) and len(data) > 10_000
        assert pdf_pages(tmp_path, path, f"employee-{lang}") == 1


@needs_chromium
def test_report_prints_one_employee_per_page(result, tmp_path):
    from kpi_cli.reports.html import write_html_report

    path = write_html_report(result, tmp_path / "report.html", "zh", generated_at=GENERATED)
    pages = pdf_pages(tmp_path, path, "report")
    cards = len(result.employees)
    assert cards + 1 <= pages <= cards + 3  # the dashboard, then one page per employee


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice is not installed")
def test_excel_report_converts_in_libreoffice(result, tmp_path):
    from kpi_cli.reports.excel import write_excel_report

    xlsx = write_excel_report(result, tmp_path / "report.xlsx", "en", generated_at=GENERATED)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    proc = subprocess.run(
        [exe, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
