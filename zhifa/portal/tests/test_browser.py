"""The public portal in a real browser at 390 px: nothing wider than the screen, no request leaves the
site, no cookie is stored, the skip link reaches the content and text contrast meets WCAG AA."""

from __future__ import annotations

from typing import Any

import pytest

from .world import build_world

CONTRAST_JS = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c;
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const el of document.querySelectorAll('main *, header *, nav *, footer *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.offsetParent === null) continue;
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName, el.textContent.trim().slice(0, 20), ratio.toFixed(2)]);
  }
  return worst;
}
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_portal_reads_on_a_phone_without_leaving_the_site(phone_page: Any, live_server: Any) -> None:
    world = build_world()
    outside: list[str] = []
    phone_page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    paths = [
        "/gs/",
        "/gs/?q=%E7%B2%A4%E6%B5%B7",
        f"/gs/publications/{world.publications['company'].pk}/",
        "/gs/subjects/",
        "/gs/officers/",
        f"/gs/officers/verify/?no={world.officers['expired'].certificate_no}",
        "/gs/powers/",
        f"/gs/discretion/{world.standards['published'].pk}/",
        f"/gs/plans/{world.plans['drawn'].pk}/",
    ]
    for path in paths:
        phone_page.goto(live_server.url + path)
        assert phone_page.locator("html").get_attribute("lang") == "zh-CN"
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert phone_page.evaluate(CONTRAST_JS) == [], path
    assert outside == []
    assert phone_page.context.cookies() == []

    phone_page.goto(live_server.url + "/gs/")
    phone_page.keyboard.press("Tab")
    skip = phone_page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    skip.press("Enter")
    assert phone_page.url.endswith("#main")
    phone_page.fill("input[name=q]", "明珠")
    phone_page.click("button[type=submit]")
    phone_page.get_by_role("link", name="深圳市粤海明珠贸易有限公司").click()
    assert phone_page.get_by_role("heading", name="行政处罚结果公示").is_visible()
