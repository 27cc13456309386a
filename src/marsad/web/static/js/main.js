// marsad's web app: filters → list, map and timeline (linked); #/event/ID → the event view; #/review → the
// review queue. State lives here; the views are in map.js, timeline.js, event.js and review.js.

import { api, ApiError, enc, query, setCsrf } from "./api.js";
import { $, append, bdi, clear, h } from "./dom.js";
import { renderEvent } from "./event.js";
import { fmtDate, getLang, initLang, setLang, statusName, t, typeName, TYPE_COLORS } from "./i18n.js";
import { bbox, focusEvent, initMap, invalidate, showEvents, swatch } from "./map.js";
import { renderQueue } from "./review.js";
import { drawTimeline } from "./timeline.js";

const PAGE = 50;
const MAP_LIMIT = 5000;

const ctx = {
  config: null,
  me: null,
  items: [],
  total: 0,
  offset: 0,
  queueStatus: "unreviewed",
  lastStats: null,
  filterParams,
  toast,
  login: openLogin,
  changed: () => refresh({ fit: false }),
  rerender: () => route(),
};

// --- filters ------------------------------------------------------------------------------------------------------

function filterParams({ dates = true } = {}) {
  const f = $("#filters").elements;
  const p = {
    country: f.country.value, admin1: f.admin1.value.trim(), type: f.type.value, actor: f.actor.value.trim(),
    q: f.q.value.trim(), min_fatalities: f.min_fatalities.value, status: f.status.value,
  };
  if (dates) { p.since = f.since.value; p.until = f.until.value; }
  if (f.inview.checked) p.bbox = bbox();
  return p;
}

function updateExports() {
  const qs = query(filterParams());
  for (const a of document.querySelectorAll(".exports a")) {
    a.setAttribute("href", `/api/export/${a.dataset.fmt}${qs}`);
    a.setAttribute("download", "");
  }
}

let pending = 0;
async function refresh({ fit = true } = {}) {
  const mine = ++pending;
  updateExports();
  const params = filterParams();
  let page, stats;
  try {
    [page, stats] = await Promise.all([
      api("/api/events" + query({ ...params, sort: $("#filters").elements.sort.value, limit: MAP_LIMIT })),
      api("/api/stats" + query(filterParams({ dates: false }))),
    ]);
  } catch (e) {
    toast(e.message, true);
    return;
  }
  if (mine !== pending) return;  // a newer refresh is on its way
  ctx.items = page.items;
  ctx.total = page.total;
  ctx.offset = 0;
  ctx.lastStats = stats;
  renderList();
  showEvents(page.items, { fit: fit && !$("#filters").elements.inview.checked });
  renderTimeline();
  renderLegend(stats);
}

function renderList() {
  const ol = clear($("#results"));
  const n = ctx.items.length;
  const from = Math.min(ctx.offset + 1, n), to = Math.min(ctx.offset + PAGE, n);
  $("#count").textContent = ctx.total ? `${from}–${to} ${t("of")} ${ctx.total} ${t("events")}` : t("none");
  $("#prev").disabled = ctx.offset === 0;
  $("#next").disabled = ctx.offset + PAGE >= n;
  for (const ev of ctx.items.slice(ctx.offset, ctx.offset + PAGE)) {
    ol.append(h("li", { class: "result", dataset: { id: ev.id } },
      h("a", { href: "#/event/" + enc(ev.id), onclick: () => focusEvent(ev) },
        h("div", { class: "r-top" }, swatch(ev.event_type), h("span", { class: "r-type", text: typeName(ev.sub_event_type) }),
          h("span", { class: "r-date", text: fmtDate(ev.event_date) })),
        h("div", { class: "r-place" }, bdi(ev.location || "—")),
        h("div", { class: "r-actors muted" }, bdi([ev.actor1, ev.actor2].filter(Boolean).join(" ↔ "))),
        h("div", { class: "r-meta" },
          h("span", { class: "badge status-" + ev.review_status, text: statusName(ev.review_status) }),
          ev.fatalities ? h("span", { class: "fat", text: "✝ " + ev.fatalities }) : null,
          ev.n_articles > 1 ? h("span", { class: "muted", text: `${ev.n_articles} ${t("ev.reports")}` }) : null))));
  }
}

function renderTimeline() {
  const f = $("#filters").elements;
  const el = $("#timeline");
  if (!ctx.lastStats || $("#view-map").hidden) return;
  drawTimeline(el, ctx.lastStats, {
    since: f.since.value, until: f.until.value,
    onSelect: (a, b) => { f.since.value = a; f.until.value = b; refresh(); },
  });
  const has = f.since.value || f.until.value;
  $("#tl-clear").hidden = !has;
  $("#tl-range").textContent = has ? `${f.since.value || "…"} → ${f.until.value || "…"}` : t("tl.hint");
}

function renderLegend(stats) {
  const el = clear($("#legend"));
  for (const type of Object.keys(TYPE_COLORS)) {
    const n = stats.by_type[type];
    if (!n) continue;
    el.append(h("span", { class: "legend-item" }, swatch(type), `${typeName(type)} (${n})`));
  }
}

async function fillSelects() {
  const f = $("#filters").elements;
  const all = await api("/api/stats");
  const names = new Intl.DisplayNames([getLang()], { type: "region" });
  const cur = f.country.value;
  // the dom.js append: it flattens arrays (the native one would turn an array into text)
  append(clear(f.country), [h("option", { value: "", text: t("f.any") }),
    Object.keys(all.by_country).filter((c) => c !== "??").sort().map((c) => {
      let name = c;
      try { name = names.of(c); } catch { /* an unknown code stays a code */ }
      return h("option", { value: c, text: `${name} (${all.by_country[c]})`, selected: c === cur });
    })]);
  const curType = f.type.value;
  append(clear(f.type), [h("option", { value: "", text: t("f.any") }),
    Object.entries(ctx.config.event_types).map(([et, subs]) => h("optgroup", { label: typeName(et) },
      h("option", { value: et, text: typeName(et), selected: et === curType }),
      subs.map((s) => h("option", { value: s, text: "· " + typeName(s), selected: s === curType }))))]);
  const actors = await api("/api/actors?limit=500");
  append(clear($("#actor-list")), actors.map((a) => h("option", { value: a.name, label: a.name_ar })));
  const places = await api("/api/places?limit=2000");
  const admin1 = [...new Set(places.map((p) => p.admin1).filter(Boolean))].sort();
  append(clear($("#admin1-list")), admin1.map((a) => h("option", { value: a })));
}

// --- auth ------------------------------------------------------------------------------------------------------------

function showMe() {
  $("#whoami").textContent = ctx.me ? `${t("auth.as")} ${ctx.me}` : "";
  $("#login-open").hidden = !!ctx.me;
  $("#logout").hidden = !ctx.me;
}

function openLogin() {
  $("#login-error").textContent = "";
  $("#login-dialog").showModal();
  $("#login-form").elements.username.focus();
}

async function doLogin(e) {
  e.preventDefault();
  const f = $("#login-form").elements;
  try {
    const me = await api("/api/login", { method: "POST", body: { username: f.username.value, password: f.password.value } });
    ctx.me = me.username;
    setCsrf(me.csrf_token);
    f.password.value = "";
    $("#login-dialog").close();
    showMe();
    route();
  } catch (err) {
    $("#login-error").textContent = err instanceof ApiError ? err.message : String(err);
  }
}

async function doLogout() {
  try { await api("/api/logout", { method: "POST" }); } catch { /* a lapsed session is logged out anyway */ }
  ctx.me = null;
  setCsrf(null);
  showMe();
  route();
}

// --- views -----------------------------------------------------------------------------------------------------------

function show(view) {
  for (const id of ["view-map", "view-event", "view-review"]) $("#" + id).hidden = id !== view;
  $("#nav-map").classList.toggle("active", view !== "view-review");
  $("#nav-review").classList.toggle("active", view === "view-review");
}

function route() {
  const hash = location.hash || "#/";
  if (hash.startsWith("#/event/")) {
    show("view-event");
    renderEvent($("#view-event"), decodeURIComponent(hash.slice(8)), ctx);
  } else if (hash.startsWith("#/review")) {
    show("view-review");
    renderQueue($("#view-review"), ctx);
  } else {
    show("view-map");
    invalidate();
    renderTimeline();
  }
}

let toastTimer = null;
function toast(message, error = false) {
  const el = $("#toast");
  el.textContent = message;
  el.className = error ? "error" : "";
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, error ? 6000 : 2500);
}

function langLabel() {
  $("#lang-toggle").textContent = getLang() === "ar" ? "English" : "العربية";
}

async function main() {
  initLang();
  langLabel();
  ctx.config = await api("/api/config");
  const me = await api("/api/me");
  ctx.me = me.username;
  setCsrf(me.csrf_token);
  showMe();
  $("#login-open").addEventListener("click", openLogin);
  $("#login-cancel").addEventListener("click", () => $("#login-dialog").close());
  $("#login-form").addEventListener("submit", doLogin);
  $("#logout").addEventListener("click", doLogout);
  $("#lang-toggle").addEventListener("click", async () => {
    setLang(getLang() === "ar" ? "en" : "ar");
    langLabel();
    showMe();
    await fillSelects();
    renderList();
    renderTimeline();
    if (ctx.lastStats) renderLegend(ctx.lastStats);
    route();
  });
  const form = $("#filters");
  let typing = null;
  form.addEventListener("input", (e) => {
    if (e.target.name === "sort") return;
    clearTimeout(typing);
    typing = setTimeout(() => refresh(), e.target.type === "search" || e.target.type === "text" ? 350 : 0);
  });
  form.elements.sort.addEventListener("change", () => refresh({ fit: false }));
  form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  form.addEventListener("reset", () => setTimeout(() => refresh(), 0));
  $("#tl-clear").addEventListener("click", () => { form.elements.since.value = ""; form.elements.until.value = ""; refresh(); });
  $("#prev").addEventListener("click", () => { ctx.offset = Math.max(0, ctx.offset - PAGE); renderList(); });
  $("#next").addEventListener("click", () => { ctx.offset += PAGE; renderList(); });
  await initMap($("#map"), ctx.config, {
    onMoveEnd: () => { if (form.elements.inview.checked) { clearTimeout(typing); typing = setTimeout(() => refresh({ fit: false }), 250); } },
  });
  window.addEventListener("resize", () => renderTimeline());
  window.addEventListener("hashchange", route);
  await fillSelects();
  await refresh();
  route();
  document.body.dataset.ready = "1";  // for the browser tests: the first data is drawn
}

main().catch((e) => toast(e.message || String(e), true));
