"""The viewer in a real headless Chromium (Debian's) against the real server: nothing leaves localhost."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def save_screenshot(page, name: str) -> None:
    """`make screenshot` (PAPERGRAPH_SCREENSHOT=1) refreshes the pictures in docs/."""
    if os.environ.get("PAPERGRAPH_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "docs" / name))


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = context.new_page()
    page.requests_seen = []
    page.console_errors = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.goto(live_server + "/")
    page.wait_for_selector("body[data-ready='true']", timeout=60_000)
    yield page
    context.close()


def test_page_loads_the_bundled_graph_with_no_request_leaving_localhost(page):
    hosts = {urlparse(url).hostname for url in page.requests_seen}
    assert hosts == {"127.0.0.1"}, hosts
    assert any("/vendor/cytoscape/" in url for url in page.requests_seen)
    papers = page.evaluate("papergraph.cy.nodes('[type = \"paper\"][?discussed]').map(n => n.id())")
    assert {"alexnet", "resnet", "swin-transformer", "ddqn"} <= set(papers) and len(papers) == 24
    assert page.console_errors == []
    positions = page.evaluate("['alexnet', 'resnet', 'swin-transformer'].map(id => papergraph.cy.getElementById(id).position('x'))")
    assert positions == sorted(positions)  # the timeline runs oldest to newest, left to right
    save_screenshot(page, "viewer.png")


def test_search_shows_results_and_clicking_one_shows_details(page):
    page.fill("#search", "which paper fixed overestimated Q-values")
    page.click("#search-form button")
    page.wait_for_selector("#result-list li")
    assert page.locator("#result-list li").count() >= 5
    page.locator("#result-list li[data-id='ddqn/q1']").click()
    page.wait_for_selector("#details:not([hidden]) #details-title")
    assert "DDQN" in page.inner_text("#details-title")
    assert "data/notes/reading-group-notes.md:636" in page.inner_text("#details")


def test_clicking_a_node_shows_year_summary_notes_and_evidence(page):
    page.evaluate("papergraph.cy.getElementById('resnet').emit('tap')")
    page.wait_for_selector("#details:not([hidden]) #details-title")
    details = page.inner_text("#details")
    assert "ResNet (2015)" in details and "Residual blocks" in details
    assert "data/notes/reading-group-notes.md:53" in details  # a note with its source line
    assert "ingest/catalog.yaml" in details  # evidence on an edge


def test_lineage_highlight_marks_vit_and_transformer_for_swin(page):
    page.fill("#paper", "Swin")
    page.click("#lineage-button")
    page.wait_for_selector("#answer:not([hidden])")
    highlighted = set(page.evaluate("papergraph.cy.nodes('.highlight').map(n => n.id())"))
    assert {"swin-transformer", "vit", "transformer"} <= highlighted
    assert "gan" not in highlighted
    assert page.evaluate("papergraph.cy.getElementById('gan').hasClass('faded')")
    export = page.get_attribute("#export-link", "href")
    assert "root=swin-transformer" in export and "relation=led_to" in export
    save_screenshot(page, "viewer-lineage.png")


def test_reading_plan_and_filters(page):
    page.fill("#paper", "YOLACT")
    page.click("#plan-button")
    page.wait_for_selector("#answer:not([hidden])")
    assert "reading plan for yolact" in page.inner_text("#answer").lower()
    assert page.evaluate("papergraph.cy.getElementById('mask-r-cnn').hasClass('highlight')")
    page.check(".type-filter[value='concept']")
    assert not page.evaluate("papergraph.cy.getElementById('receptive-field').hasClass('hidden')")
    page.uncheck(".type-filter[value='concept']")
    assert page.evaluate("papergraph.cy.getElementById('receptive-field').hasClass('hidden')")
    assert page.evaluate("papergraph.cy.nodes('[type = \"note\"]').every(n => n.hasClass('hidden'))")


def test_unknown_name_shows_suggestions(page):
    page.fill("#paper", "Swin Transformers typo'd beyond recognition")
    page.click("#lineage-button")
    page.wait_for_selector("#status:has-text('Did you mean')")
    assert "swin-transformer" in page.inner_text("#status")
