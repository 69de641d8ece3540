"""The viewer in a real headless Chromium (Debian's) against the real server: nothing leaves localhost.

What is measured is what a reader sees: the rendered size of every label, the boxes of the drawn
nodes and their labels, the URL, the downloaded files, and axe-core's accessibility rules.
`make screenshot` (PAPERGRAPH_SCREENSHOT=1) refreshes docs/viewer.png, docs/viewer-lineage.png and
docs/viewer-plan.png from these tests.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/__tests__/axe.min.js"  # answered by the test's route from the local npm package
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MIN_LABEL_PX = 12
SCREENSHOT_SIZE = {"width": 1280, "height": 720}

# Evaluated in the page: the smallest label on screen, and the pairs of papers whose drawn boxes
# (node and label) overlap.
MEASURE = """() => {
  const cy = papergraph.cy; const zoom = cy.zoom();
  const shown = cy.nodes(':visible').filter((n) => n.data('label'));
  const fonts = shown.map((n) => parseFloat(n.style('font-size')) * zoom);
  const papers = shown.filter("[type = 'paper']");
  const boxes = papers.map((n) => [n.id(), n.renderedBoundingBox({ includeLabels: true, includeOverlays: false })]);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i][1], boxes[j][1]];
    const apart = a.x2 - 0.5 <= b.x1 || b.x2 - 0.5 <= a.x1 || a.y2 - 0.5 <= b.y1 || b.y2 - 0.5 <= a.y1;
    if (!apart) overlaps.push([boxes[i][0], boxes[j][0]]);
  }
  return { minFont: Math.min(...fonts), labelled: shown.length, overlaps,
           visible: cy.nodes(':visible').map((n) => n.id()) };
}"""


def save_screenshot(page, name: str) -> None:
    if os.environ.get("PAPERGRAPH_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "docs" / name))


def api(live_server: str, path: str) -> dict:
    with urllib.request.urlopen(live_server + path, timeout=60) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


class Viewer:
    """One browser page on the viewer, recording every request it makes."""

    def __init__(self, browser, base: str, width: int, height: int):
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.context.set_default_timeout(90_000)  # the machine may be busy; a real hang still fails
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.failed_responses: list[str] = []
        # a 4xx answer to an API call is part of some tests; the browser logs it, the page handles it
        self.page.on("console", lambda message: message.type == "error" and not message.text.startswith(
            "Failed to load resource") and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"{error}\n{error.stack}"))
        self.page.on("response", lambda response: response.status >= 400 and not urlparse(response.url).path.startswith(
            "/api/") and self.failed_responses.append(f"{response.status} {response.url}"))
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.hostname not in LOCAL_HOSTS:
            self.outside.append(route.request.url)  # recorded, and never sent
            route.abort()
        elif url.path == AXE_URL_PATH:
            route.fulfill(path=str(AXE), content_type="text/javascript")
        else:
            route.continue_()

    def open(self, path: str = "/") -> "Viewer":
        self.page.goto(self.base + path)
        self.page.wait_for_selector("body[data-ready='true']", timeout=60_000)
        return self

    def show(self, view: dict) -> None:
        """Open a view through the page's own code, as the buttons do."""
        self.page.evaluate("(view) => papergraph.openView(view)", view)

    def measure(self) -> dict:
        return self.page.evaluate(MEASURE)

    def axe_violations(self) -> list:
        assert AXE.is_file(), f"{AXE} is missing: `make setup` installs axe-core (npm ci)"  # else the page waits for it
        self.page.add_script_tag(url=self.base + AXE_URL_PATH)
        result = self.page.evaluate(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } }))"
            ".violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))")
        return result

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def viewer(browser, live_server):
    opened = []

    def open_viewer(path: str = "/", width: int = 1280, height: int = 720) -> Viewer:
        v = Viewer(browser, live_server, width, height).open(path)
        opened.append(v)
        return v

    yield open_viewer
    for v in opened:
        v.close()
        assert v.outside == [], f"requests left the machine: {v.outside}"
        hosts = {urlparse(url).hostname for url in v.requests if url.startswith("http")}
        assert hosts <= LOCAL_HOSTS, hosts
        assert v.errors == [], v.errors
        assert v.failed_responses == [], v.failed_responses


# ---------------------------------------------------------------- the first view


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_first_view_is_a_timeline_with_readable_labels_and_no_overlaps(viewer, width, height):
    v = viewer("/", width, height)
    page = v.page
    assert any("/vendor/cytoscape/" in url for url in v.requests)
    measured = v.measure()
    assert measured["labelled"] >= 20
    assert measured["minFont"] >= MIN_LABEL_PX, measured["minFont"]
    assert measured["overlaps"] == []
    # a labelled year axis and labelled track lanes
    years = [int(text) for text in page.locator("#axis .year").all_inner_texts()]
    assert len(years) >= 5 and years == sorted(years)
    lanes = page.locator("#lanes .lane-name").all_inner_texts()
    assert {"cnn backbones", "deep rl", "vision transformers"} <= set(lanes)
    # oldest left; every paper of one year on one column
    x = page.evaluate("(ids) => ids.map((id) => papergraph.cy.getElementById(id).position('x'))",
                      ["alexnet", "resnet", "transformer", "swin-transformer"])
    assert x == sorted(x)
    same_year = page.evaluate("['mask-r-cnn', 'transformer', 'wgan'].map((id) => papergraph.cy.getElementById(id).position('x'))")
    assert len(set(same_year)) == 1
    # size carries the notes, colour the track
    sizes = page.evaluate("Object.fromEntries(['resnet', 'ddqn', 'lenet'].map("
                          "(id) => [id, papergraph.cy.getElementById(id).data()]))")
    assert sizes["resnet"]["notes"] > sizes["ddqn"]["notes"] > sizes["lenet"]["notes"] == 0
    assert sizes["resnet"]["size"] > sizes["ddqn"]["size"] > sizes["lenet"]["size"]
    colors = page.evaluate("Object.fromEntries(['alexnet', 'resnet', 'dqn', 'ddqn'].map("
                           "(id) => [id, papergraph.cy.getElementById(id).style('background-color')]))")
    assert colors["alexnet"] == colors["resnet"] != colors["dqn"] == colors["ddqn"]
    if (width, height) == (1280, 720):
        save_screenshot(page, "viewer.png")


# Evaluated in the page: every node drawn on the canvas (its box, label included, meets the canvas),
# in page coordinates, against the pinned lane names.
UNDER_THE_LANES = """() => {
  const canvas = document.getElementById('graph').getBoundingClientRect();
  const lanes = document.getElementById('lanes').getBoundingClientRect();
  const under = []; const cut = []; let drawn = 0;
  papergraph.cy.nodes(':visible').forEach((n) => {
    const b = n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
    const x1 = canvas.left + b.x1, x2 = canvas.left + b.x2, y1 = canvas.top + b.y1, y2 = canvas.top + b.y2;
    if (x2 <= canvas.left || x1 >= canvas.right || y2 <= canvas.top || y1 >= canvas.bottom) return;
    drawn += 1;
    if (x1 < lanes.right - 0.5 && x2 > lanes.left + 0.5 && y1 < lanes.bottom && y2 > lanes.top) under.push(n.id());
    if (x1 < canvas.left - 0.5) cut.push(n.id());
  });
  return { drawn, under, cut, lanesShown: !document.getElementById('lanes').hidden && lanes.width > 0,
           earlier: (document.querySelector('#axis .earlier') || {}).textContent || '' };
}"""


@pytest.mark.parametrize("width", [600, 800, 1024, 1280, 1400, 1600, 1920])
def test_no_node_or_label_of_the_first_view_is_hidden_under_the_lane_names(viewer, width):
    """The lane names are a column beside the picture: a paper of the oldest years in view is drawn
    whole, right of them, or left out whole (the axis names the years left out), never faded under them
    with its name cut."""
    v = viewer("/", width, 800)
    measured = v.page.evaluate(UNDER_THE_LANES)
    assert measured["lanesShown"] and measured["drawn"] >= 8, measured
    assert measured["under"] == [], measured
    assert measured["cut"] == [], measured
    if v.page.evaluate("papergraph.cy.getElementById('alexnet').renderedBoundingBox().x2 <= 0"):
        assert measured["earlier"].startswith("◀ 1992"), measured  # the years out of view are named


# a word no name is close to gets no suggestions (issue 25: the did-you-mean floor), a near name gets them
@pytest.mark.parametrize("path, name, close", [("/?node=nonsense", "nonsense", False),
                                               ("/?lineage=resnext", "resnext", True)])
def test_an_unknown_name_in_a_link_shows_the_suggestions_not_the_whole_graph(viewer, live_server, path, name, close):
    v = viewer(path)
    page = v.page
    assert page.evaluate("document.body.dataset.view") == "failed"
    with pytest.raises(urllib.error.HTTPError) as answer:
        api(live_server, "/api/v1/nodes/" + quote(name))
    suggested = [s["id"] for s in json.load(answer.value)["suggestions"]]
    assert bool(suggested) == close
    visible = set(page.evaluate("papergraph.cy.nodes(':visible').map((n) => n.id())"))
    assert visible == set(suggested)  # just the closest names, not the 472 nodes
    assert page.eval_on_selector_all("#suggestions button[data-suggest]", "(bs) => bs.map((b) => b.dataset.suggest)") == suggested
    assert f"No match for “{name}”" in page.inner_text("#view-title")
    assert page.evaluate("location.pathname + location.search") == path  # the link still says what was asked
    if path.startswith("/?lineage="):
        page.click(f"#suggestions button[data-suggest='{suggested[0]}']")
        page.wait_for_selector(f"body[data-view='/?lineage={suggested[0]}']")


def test_clicking_a_node_shows_year_summary_notes_and_evidence(viewer):
    page = viewer().page
    page.evaluate("papergraph.cy.getElementById('resnet').emit('tap')")
    page.wait_for_selector("#details:not([hidden]) #details-title")
    details = page.inner_text("#details")
    assert "ResNet (2015)" in details and "Residual blocks" in details
    assert "data/notes/reading-group-notes.md:53" in details  # a note with its source line
    assert "ingest/catalog.yaml" in details  # evidence on an edge


def test_concepts_and_notes_are_shown_on_request(viewer):
    page = viewer().page
    page.locator("#show-panel summary").click()
    page.check(".type-filter[value='concept']")
    assert not page.evaluate("papergraph.cy.getElementById('receptive-field').hasClass('hidden')")
    page.uncheck(".type-filter[value='concept']")
    assert page.evaluate("papergraph.cy.getElementById('receptive-field').hasClass('hidden')")
    assert page.evaluate("papergraph.cy.nodes('[type = \"note\"]').every(n => n.hasClass('hidden'))")


# ---------------------------------------------------------------- focused answers

FOCUSED = {
    "lineage": ("/?lineage=swin-transformer", "/api/v1/lineage/swin-transformer", "ancestors", "node"),
    "descendants": ("/?descendants=alexnet", "/api/v1/lineage/alexnet?direction=descendants", "descendants", "node"),
    "plan": ("/?plan=yolact&known=resnet", "/api/v1/prerequisites/yolact?known=resnet", "plan", "target"),
    "path": ("/?path=alexnet,swin-transformer", "/api/v1/path?from=alexnet&to=swin-transformer", "nodes", None),
}


@pytest.mark.parametrize("name", sorted(FOCUSED))
def test_a_focused_view_shows_just_its_answer_readably(viewer, live_server, name):
    url, endpoint, members, root = FOCUSED[name]
    v = viewer(url)
    answer = api(live_server, endpoint)
    expected = {m["id"] for m in answer[members]} | ({answer[root]["id"]} if root else set())
    measured = v.measure()
    assert set(measured["visible"]) == expected  # the subgraph, not the whole graph faded
    assert measured["minFont"] >= MIN_LABEL_PX, measured["minFont"]
    assert measured["overlaps"] == []
    assert not v.page.locator("#whole-graph").is_hidden()
    # the main line is drawn strongest, and follows the API's main line when it names one
    main = v.page.evaluate("papergraph.cy.edges('.main').map("
                           "(e) => [e.source().id(), e.target().id(), parseFloat(e.style('width'))])")
    assert main, "no main line drawn"
    others = v.page.evaluate("papergraph.cy.edges(':visible').not('.main').map((e) => parseFloat(e.style('width')))")
    assert min(w for *_, w in main) > max(others or [0])
    if answer.get("main_line"):
        assert set(v.page.evaluate("papergraph.cy.nodes('.main').map((n) => n.id())")) == set(answer["main_line"])
    # left to right by year
    years = v.page.evaluate("papergraph.cy.nodes(':visible[type = \"paper\"]').map((n) => [n.data('year'), n.position('x')])")
    for year_a, x_a in years:
        for year_b, x_b in years:
            if year_a and year_b and year_a < year_b:
                assert x_a < x_b


def test_lineage_view_leaves_out_the_rest_and_names_its_years(viewer):
    v = viewer("/?lineage=swin-transformer")
    page = v.page
    assert "What led to Swin Transformer" in page.inner_text("#view-title")
    assert page.evaluate("papergraph.cy.getElementById('gan').visible()") is False
    years = [int(text) for text in page.locator("#axis .year").all_inner_texts()]
    assert 2020 in years and years == sorted(years)
    save_screenshot(page, "viewer-lineage.png")


def test_the_lineage_panel_shows_each_papers_step_line_and_file_from_one_record(viewer, live_server):
    """ResNet is at distance 1 from Swin: the panel shows the catalog line of ResNet -> Swin with that
    line's own place, not ViT's edge, and never a note's words beside a catalog line."""
    v = viewer("/?lineage=swin-transformer")
    answer = api(live_server, "/api/v1/lineage/swin-transformer")
    for item in answer["ancestors"]:
        records = item["evidence"][0]["evidence"]
        record = next((r for r in records if r.get("source") == "notes" and r.get("file")), records[0])
        li = v.page.locator(f"#answer-list li[data-id='{item['id']}']")
        snippet, where = li.locator(".snippet").inner_text(), li.locator(".where").inner_text()
        assert (snippet, where) == (record.get("text") or record.get("matched"),
                                    f"{record['file']}:{record['line']}" if record.get("file") else record["source"])
    resnet = v.page.locator("#answer-list li[data-id='resnet']")
    assert resnet.locator(".snippet").inner_text() == "Swin Transformer builds on ResNet"
    assert resnet.locator(".where").inner_text().startswith("ingest/catalog.yaml:")


def test_reading_plan_view_and_marking_a_step_read(viewer):
    v = viewer("/?plan=yolact")
    page = v.page
    assert "Reading plan for YOLACT" in page.inner_text("#view-title")
    assert page.evaluate("papergraph.cy.getElementById('mask-r-cnn').visible()")
    save_screenshot(page, "viewer-plan.png")
    first = page.locator("#answer-list button.mark-read").first
    known = first.get_attribute("data-known")
    first.click()
    page.wait_for_function("(id) => location.search.includes('known=' + id)", arg=known)
    page.wait_for_selector(f"body[data-view*='known={known}']")
    assert page.evaluate("(id) => papergraph.cy.getElementById(id).visible()", known) is False


def test_no_two_papers_overlap_in_the_lineage_of_any_discussed_paper(viewer):
    v = viewer()
    page = v.page
    discussed = page.evaluate("papergraph.cy.nodes('[type = \"paper\"][?discussed]').map((n) => n.id())")
    assert len(discussed) >= 20
    problems = {}
    for paper in discussed:
        for kind in ("lineage", "descendants"):
            page.evaluate("(view) => papergraph.openView(view)", {"kind": kind, "id": paper})
            measured = v.measure()
            if measured["overlaps"] or measured["minFont"] < MIN_LABEL_PX or paper not in measured["visible"]:
                problems[f"{kind} {paper}"] = measured
    assert problems == {}


def test_clicking_an_edge_shows_its_evidence_lines(viewer):
    page = viewer("/?lineage=swin-transformer").page
    page.evaluate("papergraph.cy.getElementById('vit|led_to|swin-transformer').emit('tap')")
    page.wait_for_selector("#evidence:not([hidden])")
    evidence = page.inner_text("#evidence")
    assert "ViT → Swin Transformer" in evidence
    assert "Swin Transformer builds on ViT" in evidence and "ingest/catalog.yaml:" in evidence
    assert "data/notes/reading-group-notes.md:" in evidence  # the note line that names ViT


def test_the_whole_graph_button_goes_back(viewer):
    page = viewer("/?lineage=swin-transformer").page
    page.click("#whole-graph")
    page.wait_for_selector("body[data-view='/']")
    assert page.evaluate("papergraph.cy.nodes(':visible[type = \"paper\"]').length") == \
        page.evaluate("papergraph.cy.nodes('[type = \"paper\"]').length")
    assert page.locator("#lanes .lane-name").count() >= 5


# ---------------------------------------------------------------- search and ask


def test_search_highlights_results_lists_source_lines_and_a_click_centres_the_node(viewer):
    v = viewer()
    page = v.page
    page.fill("#ask", "which paper fixed overestimated Q-values?")
    page.press("#ask", "Enter")
    page.wait_for_selector("#answer-list li")
    assert "q=which+paper+fixed" in page.url
    hits = page.evaluate("papergraph.cy.nodes('.hit').map((n) => n.id())")
    assert "ddqn/q1" in hits and page.evaluate("papergraph.cy.getElementById('ddqn').visible()")
    assert "data/notes/reading-group-notes.md:636" in page.inner_text("#answer-list")
    page.evaluate("papergraph.cy.pan({ x: -400, y: -300 })")  # move away, then ask for the node
    page.locator("#answer-list button.link[data-id='ddqn/q1']").click()
    page.wait_for_selector("#details:not([hidden]) #details-title")
    page.wait_for_timeout(400)  # the centring animation
    offset = page.evaluate("""() => { const p = papergraph.cy.getElementById('ddqn/q1').renderedPosition();
                                      return [p.x - papergraph.cy.width() / 2, p.y - papergraph.cy.height() / 2]; }""")
    assert abs(offset[0]) < 5 and abs(offset[1]) < 5
    assert "DDQN" in page.inner_text("#details-title")


def test_ask_opens_the_view_of_its_intent_and_shows_its_text(viewer, live_server):
    page = viewer().page
    page.fill("#ask", "what led to swin?")
    page.press("#ask", "Enter")
    page.wait_for_selector("body[data-view='/?lineage=swin-transformer']")
    expected = api(live_server, "/api/v1/ask?q=" + quote("what led to swin?"))["text"]
    assert page.inner_text("#answer-text") == expected
    assert "What led to Swin Transformer" in page.inner_text("#view-title")


def test_a_definition_opens_the_node_with_its_neighbours(viewer):
    page = viewer().page
    page.fill("#ask", "what is batch normalization?")
    page.press("#ask", "Enter")
    page.wait_for_selector("body[data-view='/?node=batch-normalization']")
    assert "Batch Normalization" in page.inner_text("#answer-text")
    visible = set(page.evaluate("papergraph.cy.nodes(':visible').map((n) => n.id())"))
    assert {"batch-normalization", "resnet", "googlenet"} <= visible and "gan" not in visible
    page.wait_for_selector("#details:not([hidden]) #details-title")
    assert "Batch Normalization" in page.inner_text("#details-title")


def test_ask_suggestions_are_rendered_and_followed(viewer):
    """The ask endpoint's ``suggestions`` (a field being added): a real answer with the field put in."""
    v = viewer()
    page = v.page
    real = api(v.base, "/api/v1/ask?q=" + quote("what is batch normalization"))

    def with_suggestions(route):
        route.fulfill(json={**real, "suggestions": ["what led to ResNet?"]})

    page.route("**/api/v1/ask?*", with_suggestions)
    page.fill("#ask", "what is batch normalization")
    page.press("#ask", "Enter")
    page.wait_for_selector("#suggestions button")
    assert "Batch Normalization" in page.inner_text("#answer-text")
    page.unroute("**/api/v1/ask?*")
    page.click("#suggestions button[data-ask='what led to ResNet?']")
    page.wait_for_selector("body[data-view='/?lineage=resnet']")


def test_unknown_name_offers_suggestions_that_open_the_view(viewer):
    page = viewer().page
    page.fill("#paper", "Swin Transformers typo'd beyond recognition")
    page.click("#lineage-button")
    page.wait_for_selector("#suggestions button[data-suggest='swin-transformer']")
    assert "did you mean" in page.inner_text("#status").lower()
    page.click("#suggestions button[data-suggest='swin-transformer']")
    page.wait_for_selector("body[data-view='/?lineage=swin-transformer']")


# ---------------------------------------------------------------- the URL


@pytest.mark.parametrize("path,title,present,absent", [
    ("/?lineage=swin-transformer", "What led to Swin Transformer", {"vit", "transformer"}, {"gan"}),
    ("/?plan=yolact&known=resnet", "Reading plan for YOLACT", {"yolact", "mask-r-cnn"}, {"resnet"}),
    ("/?path=alexnet,swin-transformer", "From AlexNet (2012) to Swin Transformer", {"alexnet", "resnet"}, {"gan"}),
    ("/?descendants=gan", "What GAN (2014) led to", {"wgan", "controlgan"}, {"resnet"}),
])
def test_a_deep_link_reopens_its_view(viewer, path, title, present, absent):
    page = viewer(path).page
    assert title in page.inner_text("#view-title")
    visible = set(page.evaluate("papergraph.cy.nodes(':visible').map((n) => n.id())"))
    assert present <= visible and not (absent & visible)
    assert page.evaluate("location.pathname + location.search") == path


def test_back_and_forward_move_between_views(viewer):
    page = viewer().page
    page.fill("#paper", "Swin")
    page.click("#lineage-button")
    page.wait_for_selector("body[data-view='/?lineage=swin-transformer']")
    page.click("#plan-button")
    page.wait_for_selector("body[data-view='/?plan=swin-transformer']")
    page.go_back()
    page.wait_for_selector("body[data-view='/?lineage=swin-transformer']")
    assert "What led to Swin" in page.inner_text("#view-title")
    page.go_back()
    page.wait_for_selector("body[data-view='/']")
    assert "Papers by year and track" in page.inner_text("#view-title")
    page.go_forward()
    page.wait_for_selector("body[data-view='/?lineage=swin-transformer']")
    assert page.evaluate("papergraph.cy.getElementById('gan').visible()") is False


# ---------------------------------------------------------------- export


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_and_svg_of_the_view_are_valid_images(viewer, tmp_path):
    v = viewer("/?lineage=swin-transformer")
    page = v.page
    with page.expect_download() as png_download:
        page.click("#export-png")
    png = tmp_path / "view.png"
    png_download.value.save_as(png)
    assert png_download.value.suggested_filename.endswith(".png")
    width, height = _png_size(png.read_bytes())
    graph_box = page.locator("#graph").bounding_box()
    assert (width, height) == (round(graph_box["width"]) * 2, round(graph_box["height"]) * 2)

    with page.expect_download() as svg_download:
        page.click("#export-svg")
    svg = tmp_path / "view.svg"
    svg_download.value.save_as(svg)
    root = ElementTree.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "ViT" in texts and "Swin" in texts and "2020" in texts  # labels and the year axis
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) >= 10  # the edges
    # the six graph formats are still offered for the same view
    href = page.get_attribute("#export-link", "href")
    assert "root=swin-transformer" in href and "relation=led_to" in href


# ---------------------------------------------------------------- keyboard, contrast, narrow screens


def test_keyboard_reaches_the_controls_with_a_visible_focus(viewer):
    page = viewer().page
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.className"))
        if reached[-1] == "ask":
            break
    assert "ask" in reached, reached
    page.keyboard.type("what led to ViT")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-view='/?lineage=vit']")
    page.focus("#lineage-button")
    page.keyboard.press("Tab")
    outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert outline[0] != "none" and outline[1] >= 2
    # the picture itself pans with the arrow keys
    page.focus("#graph")
    before = page.evaluate("papergraph.cy.pan().x")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("papergraph.cy.pan().x") > before


@pytest.mark.parametrize("path", ["/", "/?lineage=swin-transformer", "/?q=overestimated%20Q-values"])
def test_axe_finds_no_accessibility_violations(viewer, path):
    v = viewer(path)
    assert v.axe_violations() == []


def test_usable_at_390_px_wide(viewer):
    v = viewer("/?lineage=swin-transformer", 390, 844)
    page = v.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    graph = page.locator("#graph").bounding_box()
    assert graph["width"] >= 350 and graph["height"] >= 300
    for control in ("#ask", "#paper", "#lineage-button", "#plan-button", "#path-button", "#whole-graph"):
        box = page.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, control
    assert v.measure()["minFont"] >= MIN_LABEL_PX
    assert v.axe_violations() == []


# ---------------------------------------------------------------- the files the page loads


@pytest.mark.parametrize("path,status", [
    ("/vendor/cytoscape/dist/cytoscape.min.js", 200),
    ("/vendor/dagre/dist/dagre.min.js", 200),
    ("/vendor/axe-core/axe.min.js", 404),              # a test tool, not part of the page
    ("/vendor/cytoscape/package.json", 404),           # only the built files
    ("/vendor/cytoscape/dist/../../axe-core/axe.min.js", 404),
    ("/static/layouts.js", 200),
])
def test_only_the_pages_own_libraries_are_served(client, path, status):
    response = client.get(path)
    assert response.status_code == status, path
    response.close()
