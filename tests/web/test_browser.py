"""The web app in real headless Chromium against a real `marsad serve`: the map's markers and the timeline,
filtering, an event with its highlighted evidence, logging in, reviewing, and the audit entry; article markup
shown as text; Arabic (rtl) and English (ltr). Writes the README's screenshots to docs/screenshots/ when
MARSAD_SCREENSHOTS=1.

Waits go through locators and ``expect`` (never ``wait_for_function``): the app's Content-Security-Policy
forbids eval, which Playwright's function polling needs, and the tests run under the real policy."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

from playwright.sync_api import expect

from tests.api.seed import PASSWORD, USER

AIRSTRIKE = "SYR5115544449"
ALEPPO = "SYR4984728346"


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def markers(page) -> int:
    return page.locator("path.marsad-marker").count() + page.locator(".marsad-cluster").count()


def api_json(server, path: str):
    with urllib.request.urlopen(server.url + path, timeout=10) as r:
        return json.loads(r.read())


def test_map_timeline_filter_event_evidence_login_review(server, page, screenshots):
    ready(page, server.url + "/?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # markers (single and clustered) and the offline basemap's country shapes
    page.locator("path.marsad-marker, .marsad-cluster").first.wait_for()
    assert markers(page) >= 5
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive, .leaflet-overlay-pane path").count() > 100
    # the timeline: one bar per type and day
    assert page.locator("#timeline rect.tl-bar").count() == 15  # 16 events, two battles on one day
    assert page.locator("#results li.result").count() == 16
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "map.png"))

    # filter by type: the list, the markers and the timeline follow
    page.select_option("select[name=type]", "Battles")
    expect(page.locator("#results li.result")).to_have_count(4)
    expect(page.locator("#timeline rect.tl-bar")).to_have_count(3)
    assert markers(page) <= 4
    assert "4" in page.locator("#count").inner_text()
    page.select_option("select[name=type]", "")
    expect(page.locator("#results li.result")).to_have_count(16)
    # text search (Arabic), then open the event from the list
    page.fill("input[name=q]", "الباغوز")
    expect(page.locator("#results li.result")).to_have_count(1)
    page.click("#results li.result a")
    page.wait_for_selector("#view-event .article-text mark.ev-current")
    view = page.locator("#view-event")
    assert AIRSTRIKE in view.locator(".ev-head").inner_text()
    assert view.locator("article.report").count() == 2
    # highlighted evidence: each mark is a piece of its article's text; the merge reason is shown
    marks = view.locator("article.report").first.locator(".article-text mark.ev-current").all_inner_texts()
    assert any("الباغوز" in m for m in marks)
    text = view.locator("article.report").first.locator(".article-text").inner_text()
    assert all(m in text for m in marks)
    assert view.locator(".article-text mark.ev-source").count() >= 1
    assert "same actor pair" in view.locator(".merge-reason").nth(1).inner_text()
    assert view.locator("#rv-accept").count() == 0  # reviewing needs a login
    # the screenshot opens on the reports: merge reason, sources and the highlighted article text
    view.locator("h2.reports-head").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "evidence.png"))

    # log in and review: edit the fatalities, accept; the audit entry appears
    page.click("#login-open")
    page.fill("#login-form input[name=username]", USER)
    page.fill("#login-form input[name=password]", "wrong password")
    page.click("#login-submit")
    expect(page.locator("#login-error")).not_to_be_empty()
    page.fill("#login-form input[name=password]", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#rv-accept")
    assert USER in page.locator("#whoami").inner_text()
    page.click("#rv-edit")
    page.fill(".edit-form input[name=fatalities]", "6")
    page.fill(".review-panel input[name=comment]", "six in the wire report")
    page.click("#rv-save")
    page.wait_for_selector("#view-event .audit-entry[data-action=edit]")
    entry = page.locator("#view-event .audit-entry[data-action=edit]").first.inner_text()
    assert USER in entry and "fatalities" in entry and "5" in entry and "6" in entry and "six in the wire" in entry
    page.click("#rv-accept")
    page.wait_for_selector("#view-event .audit-entry[data-action=review]")
    assert "status-edited" in page.locator("#view-event .ev-head .badge").get_attribute("class")
    # exports use the reviewed value
    ev = api_json(server, "/api/events/" + AIRSTRIKE)
    assert ev["values"]["fatalities"] == 6 and ev["review_status"] == "edited" and ev["reviewed_by"] == USER
    geo = api_json(server, "/api/export/geojson?q=" + quote("الباغوز"))
    assert geo["features"][0]["properties"]["fatalities"] == 6
    # the review queue no longer lists it
    page.click("#filters button[type=reset]")
    page.click("#nav-review")
    page.wait_for_selector("#view-review tr.queue-row")
    expect(page.locator("#view-review tr.queue-row")).to_have_count(15)
    assert AIRSTRIKE not in page.locator("#view-review").inner_text()
    # no script error and no CSP violation; the one failed request is the wrong password's 401
    assert [e for e in page.errors if "/api/login" not in e] == [], page.errors


def _markup_is_text(page, server) -> None:
    page.context.clear_cookies()
    ready(page, server.url + f"/?lang=en#/event/{ALEPPO}")
    page.wait_for_selector("#view-event .article-text mark.ev-current")
    page.wait_for_timeout(300)  # an image's onerror would have fired by now
    box = page.locator("#view-event .article-text").first
    text = box.inner_text()
    assert "<script>window.__xss='script'</script>" in text and "<img src=x onerror=" in text
    assert box.locator("script, img, b").count() == 0
    title = page.locator("#view-event .report-title").first
    assert "<img src=x onerror=" in title.inner_text() and title.locator("img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img[src=x], script:not([src])').length") == 0
    assert page.errors == [], page.errors


def test_article_markup_is_shown_as_text_never_run(server, page, page_without_csp):
    _markup_is_text(page, server)
    # the app's own rendering, not only the Content-Security-Policy, keeps the markup inert
    _markup_is_text(page_without_csp, server)
    page_without_csp.wait_for_function("window.eval('1') === 1")  # the policy (no eval) is really off here


def test_english_is_ltr_and_the_toggle_switches_to_arabic(server, page):
    page.context.clear_cookies()
    ready(page, server.url + "/?lang=en")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.locator("#nav-map").inner_text() == "Map"
    # the sidebar is on the left in English, on the right in Arabic
    left_en = page.locator(".sidebar").bounding_box()["x"]
    page.click("#lang-toggle")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.locator("#nav-map").inner_text() == "الخريطة"
    assert left_en < 10 and page.locator(".sidebar").bounding_box()["x"] > 500
    page.evaluate("localStorage.removeItem('marsad.lang')")


def test_dragging_across_the_timeline_filters_the_list_and_the_map(server, page):
    ready(page, server.url + "/?lang=en")
    before = markers(page)
    # from just before the two battles of 2018-11-11 to just after the air strike of 2018-12-18 (the last day)
    first = page.locator("#timeline g.tl-day[data-date='2018-11-11'] rect").first.bounding_box()
    last = page.locator("#timeline g.tl-day[data-date='2018-12-18'] rect").first.bounding_box()
    y = last["y"] + last["height"] / 2
    page.mouse.move(first["x"] - 3, y)
    page.mouse.down()
    page.mouse.move((first["x"] + last["x"]) / 2, y, steps=4)
    page.mouse.move(last["x"] + last["width"] + 3, y, steps=4)
    page.mouse.up()
    expect(page.locator("#results li.result")).to_have_count(3)
    since = page.locator("input[name=since]").input_value()
    assert "2018-11-05" <= since <= "2018-11-11" and page.locator("input[name=until]").input_value() == "2018-12-18"
    assert page.locator("#timeline rect.tl-selected").count() == 1 and page.locator("#tl-clear").is_visible()
    expect(page.locator("path.marsad-marker, .marsad-cluster")).not_to_have_count(before)
    # "All dates" lifts the range again
    page.click("#tl-clear")
    expect(page.locator("#results li.result")).to_have_count(16)
    assert page.errors == [], page.errors
