"""The page in headless Chromium against a real uvicorn: loads clean, filters, opens sources."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from storage.database import Database
from tests.web.seed import seed_incidents
from web.app import create_app
from web.tokens import create_token

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (make system-deps installs them)",
    ),
]


# Finds a drawn pixel of the markers' canvas and names the element the user sees there.
MARKER_ON_TOP = """
// Make every map layer hit-testable, so elementFromPoint reports what is drawn on top.
document.querySelectorAll('#map svg, #map svg *').forEach((e) => { e.style.pointerEvents = 'auto'; });
const canvas = document.querySelector('#map canvas');
if (!canvas) return 'no canvas';
const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
for (let i = 3; i < data.length; i += 4) {
  if (data[i] > 200) {
    const px = (i - 3) / 4, rect = canvas.getBoundingClientRect();
    const x = rect.left + (px % canvas.width) * rect.width / canvas.width;
    const y = rect.top + Math.floor(px / canvas.width) * rect.height / canvas.height;
    return document.elementFromPoint(x + 1, y + 2).tagName;
  }
}
return 'nothing drawn';
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A seeded SQLite knowledge base served by uvicorn on a free port: (base URL, token)."""
    database = Database(f"sqlite:///{tmp_path / 'frontline.db'}")
    with database.session() as session:
        seed_incidents(session)
        token = create_token(session, "browser")
    database.dispose()
    app = create_app(database.url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 10 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", token
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        app.state.engine.dispose()


@pytest.fixture
def browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def test_page_filters_maps_and_opens_sources(site, browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, token = site
    wait = WebDriverWait(browser, 15)
    browser.get(f"{base}/#token={token}")
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "5 incidents"))
    assert "#token" not in browser.current_url  # the token left the address bar
    rows = browser.find_elements(By.CSS_SELECTOR, "#incidents tbody tr")
    assert len(rows) == 5
    assert "4 on the map" in browser.find_element(By.ID, "status").text
    assert browser.execute_script(MARKER_ON_TOP) == "CANVAS"  # markers drawn, nothing over them
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")) == 5
    browser.save_screenshot(str(tmp_path / "page.png"))

    Select(browser.find_element(By.ID, "force")).select_by_visible_text("Police Scotland")
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "1 incident;"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#incidents tbody tr")
    assert len(rows) == 1 and "Glasgow" in rows[0].text

    rows[0].click()
    wait.until(ec.visibility_of_element_located((By.ID, "detail")))
    detail = browser.find_element(By.ID, "detail")
    wait.until(ec.text_to_be_present_in_element((By.ID, "detail-body"), "Sources (1)"))
    link = detail.find_element(By.CSS_SELECTOR, ".sources a")
    assert link.text == "Fireworks thrown at Glasgow police"
    assert link.get_attribute("href").startswith("https://news.example/")
    browser.save_screenshot(str(tmp_path / "detail.png"))

    problems = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert problems == [], problems


def test_filters_live_in_the_address_and_the_table_downloads_as_csv(site, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, token = site
    wait = WebDriverWait(browser, 15)
    browser.get(f"{base}/#token={token}")
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "5 incidents"))
    Select(browser.find_element(By.ID, "force")).select_by_visible_text("Police Scotland")
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "1 incident;"))
    shared = browser.current_url
    assert "force=Police+Scotland" in shared and "token" not in shared

    browser.get(shared)  # the saved search opens as it was left (the token stays in the browser)
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "1 incident;"))
    chosen = [o.text for o in Select(browser.find_element(By.ID, "force")).all_selected_options]
    assert chosen == ["Police Scotland"]

    browser.find_element(By.ID, "download-csv").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Downloaded 1 incident as CSV"))
