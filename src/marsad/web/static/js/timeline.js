// The timeline: events per day, stacked by event type (SVG drawn here, no chart library). Dragging across it
// (or clicking a day) sets the date filter, which the map and the list follow; the selected range is shaded.

import { clear } from "./dom.js";
import { fmtDate, t, typeName, TYPE_COLORS } from "./i18n.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;

function svg(tag, attrs = {}) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const toDay = (iso) => Math.round(Date.parse(iso + "T00:00:00Z") / DAY);
const toIso = (day) => new Date(day * DAY).toISOString().slice(0, 10);

export function drawTimeline(el, stats, { since, until, onSelect }) {
  clear(el);
  const days = stats.days || [];
  const width = Math.max(300, el.clientWidth || 600), height = Math.max(90, el.clientHeight || 120);
  const m = { l: 34, r: 8, t: 6, b: 20 };
  const root = svg("svg", { width, height, class: "tl-svg", role: "img", "aria-label": t("tl.title") });
  el.append(root);
  if (!days.length) {
    const tx = svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "tl-empty" });
    tx.textContent = t("none");
    root.append(tx);
    return;
  }
  let d0 = toDay(stats.first_day), d1 = toDay(stats.last_day);
  if (d1 - d0 < 14) { d0 -= 7; d1 += 7; }  // a few days' data still gets room around it
  const n = d1 - d0 + 1;
  const iw = width - m.l - m.r, ih = height - m.t - m.b;
  const bw = iw / n;
  const x = (day) => m.l + (day - d0) * bw;
  const maxTotal = Math.max(...days.map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0)));
  const y = (v) => (ih * v) / maxTotal;
  // selected range
  if (since || until) {
    const a = since ? Math.max(d0, toDay(since)) : d0, b = until ? Math.min(d1, toDay(until)) : d1;
    if (b >= a) root.append(svg("rect", { x: x(a), y: m.t, width: Math.max(2, (b - a + 1) * bw), height: ih, class: "tl-selected" }));
  }
  const order = Object.keys(TYPE_COLORS);
  for (const d of days) {
    const day = toDay(d.date);
    let acc = 0;
    const g = svg("g", { class: "tl-day", "data-date": d.date });
    const title = svg("title");
    title.textContent = fmtDate(d.date) + "\n" + Object.entries(d.counts).map(([k, v]) => `${typeName(k)}: ${v}`).join("\n");
    g.append(title);
    const types = Object.keys(d.counts).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const type of types) {
      const v = d.counts[type];
      const hgt = Math.max(1, y(v));
      g.append(svg("rect", {
        x: x(day) + (bw > 4 ? bw * 0.1 : 0), y: m.t + ih - y(acc) - hgt, width: Math.max(2, bw > 4 ? bw * 0.8 : bw),
        height: hgt, fill: TYPE_COLORS[type] || "#444", class: "tl-bar",
      }));
      acc += v;
    }
    root.append(g);
  }
  // axes
  root.append(svg("line", { x1: m.l, x2: width - m.r, y1: m.t + ih + 0.5, y2: m.t + ih + 0.5, class: "tl-axis" }));
  const yl = svg("text", { x: m.l - 4, y: m.t + 10, "text-anchor": "end", class: "tl-label" });
  yl.textContent = String(maxTotal);
  root.append(yl);
  const ticks = Math.min(6, n);
  for (let i = 0; i < ticks; i++) {
    const day = Math.round(d0 + ((n - 1) * i) / Math.max(1, ticks - 1));
    const tx = svg("text", { x: x(day) + bw / 2, y: height - 5, "text-anchor": i === 0 ? "start" : i === ticks - 1 ? "end" : "middle", class: "tl-label" });
    tx.textContent = toIso(day);
    root.append(tx);
  }
  // brush: drag to select a range, click for one day
  const brush = svg("rect", { class: "tl-brush", y: m.t, height: ih, x: 0, width: 0, visibility: "hidden" });
  root.append(brush);
  const dayAt = (px) => Math.min(d1, Math.max(d0, d0 + Math.floor((px - m.l) / bw)));
  let start = null;
  const px = (ev) => ev.clientX - root.getBoundingClientRect().left;
  root.addEventListener("pointerdown", (ev) => {
    start = px(ev);
    root.setPointerCapture(ev.pointerId);
    brush.setAttribute("visibility", "visible");
    brush.setAttribute("x", start);
    brush.setAttribute("width", 1);
  });
  root.addEventListener("pointermove", (ev) => {
    if (start === null) return;
    const cur = px(ev);
    brush.setAttribute("x", Math.min(start, cur));
    brush.setAttribute("width", Math.abs(cur - start));
  });
  root.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const a = dayAt(Math.min(start, px(ev))), b = dayAt(Math.max(start, px(ev)));
    start = null;
    brush.setAttribute("visibility", "hidden");
    onSelect(toIso(a), toIso(b));
  });
}
