// The event view: the event's fields (reviewed values marked), every report with its article text and the
// evidence highlighted, the merge reasons, the wire copies, the review actions and the history (audit log).

import { api, ApiError, enc } from "./api.js";
import { append, bdi, clear, h } from "./dom.js";
import { fmtDate, fmtDateTime, statusName, t, typeName } from "./i18n.js";
import { swatch } from "./map.js";

// Spans are [start, end) in Unicode code points (as marsad stores them), so the text is cut as an array of
// code points, never by UTF-16 indices. Overlapping spans split the text at every boundary; each piece is a
// text node or a <mark> whose classes say which spans cover it.
export function highlightedText(text, spans) {
  const cps = Array.from(text);
  const ok = spans.filter((s) => s.start >= 0 && s.end <= cps.length && s.start < s.end);
  const cuts = new Set([0, cps.length]);
  for (const s of ok) { cuts.add(s.start); cuts.add(s.end); }
  const pts = [...cuts].sort((a, b) => a - b);
  const box = h("div", { class: "article-text", dir: "auto", lang: "ar" });
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i], b = pts[i + 1];
    const piece = cps.slice(a, b).join("");
    const cover = ok.filter((s) => s.start <= a && s.end >= b);
    if (!cover.length) {
      box.append(document.createTextNode(piece));
      continue;
    }
    const cls = [...new Set(cover.map((s) => s.cls))].join(" ");
    const title = [...new Set(cover.map((s) => s.title).filter(Boolean))].join("\n");
    box.append(h("mark", { class: cls, title: title || null, text: piece }));
  }
  return box;
}

function field(label, value, { edited = false, raw = false } = {}) {
  const v = value === null || value === undefined || value === "" ? "—" : value;
  return h("tr", { class: edited ? "edited" : null },
    h("th", { text: label }),
    h("td", {}, raw ? v : bdi(String(v)), edited ? h("span", { class: "edited-tag", title: t("ev.edited"), text: "✎" }) : null));
}

function badge(status) {
  return h("span", { class: "badge status-" + status, text: statusName(status) });
}

export async function renderEvent(root, id, ctx) {
  clear(root).append(h("p", { class: "muted", text: t("loading") }));
  let ev;
  try {
    ev = await api("/api/events/" + enc(id));
  } catch (e) {
    clear(root).append(h("a", { href: "#/", class: "back", text: t("back") }), h("p", { class: "error", text: e.message }));
    return;
  }
  const v = ev.values, ov = ev.overrides;
  const isEd = (k) => Object.prototype.hasOwnProperty.call(ov, k);
  clear(root);
  root.dataset.eventId = ev.id;
  root.append(
    h("a", { href: "#/", class: "back", text: t("back") }),
    h("header", { class: "ev-head" },
      h("h1", {}, swatch(v.event_type), typeName(v.sub_event_type), " · ", h("bdi", { text: v.location || "—" })),
      h("div", { class: "ev-meta" }, h("code", { text: ev.event_id_cnty }), " ", badge(ev.review_status), " ",
        h("span", { class: "muted", text: `${t("ev.version")} ${ev.version}` }),
        ev.reviewed_by ? h("span", { class: "muted" }, " · ", bdi(ev.reviewed_by), " · ", fmtDateTime(ev.reviewed_at)) : null)),
  );
  root.append(reviewPanel(ev, ctx));
  const fr = ev.fatalities;
  const range = fr.low === null ? "" : ` (${t("ev.range")} ${fr.low}–${fr.high})`;
  root.append(h("table", { class: "fields" }, h("tbody", {},
    field(t("ev.date"), fmtDate(v.event_date), { edited: isEd("event_date") }),
    field(t("ev.type"), typeName(v.event_type), { edited: isEd("event_type") }),
    field(t("ev.subtype"), typeName(v.sub_event_type), { edited: isEd("sub_event_type") }),
    field(t("ev.actor1"), v.actor1, { edited: isEd("actor1") }),
    field(t("ev.actor2"), v.actor2, { edited: isEd("actor2") }),
    field(t("ev.location"), v.location, { edited: isEd("location") }),
    field(t("ev.admin1"), v.admin1, { edited: isEd("admin1") }),
    field(t("ev.country"), ev.acled.country || v.country_code, { edited: isEd("country_code") }),
    field(t("ev.coords"), v.latitude === null ? null : `${v.latitude}, ${v.longitude}`,
      { edited: isEd("latitude") || isEd("longitude") }),
    field(t("ev.fatalities"), String(v.fatalities ?? 0) + range, { edited: isEd("fatalities") }),
    field(t("ev.notes"), ev.acled.notes, { edited: isEd("notes") }),
  )));
  // reports
  root.append(h("h2", { class: "reports-head", text: `${t("ev.reports")} (${ev.reports.length})` }));
  for (const r of ev.reports) root.append(reportCard(ev, r, ctx));
  if (ev.copies.length) {
    root.append(h("h3", { text: t("ev.copies") }), h("ul", { class: "copies" },
      ev.copies.map((c) => h("li", {}, bdi(c.publisher || c.article_id), " · ", fmtDate(c.published),
        c.similarity !== null ? ` · ${Math.round(c.similarity * 100)}%` : ""))));
  }
  root.append(h("h2", { text: t("ev.audit") }), auditList(ev.audit));
}

function reportCard(ev, r, ctx) {
  const card = h("article", { class: "report", dataset: { eventId: r.event_id } });
  card.append(h("header", {},
    h("strong", {}, bdi(r.publisher || "—")), " · ", fmtDate(r.published),
    r.title ? h("div", { class: "report-title" }, bdi(r.title)) : null));
  card.append(h("p", { class: "merge-reason" },
    r.merge_reason ? [h("strong", { text: t("ev.merge_reason") + ": " }), bdi(r.merge_reason)] : t("ev.founder")));
  card.append(h("p", { class: "report-facts muted" },
    typeName(r.sub_event_type), " · ", fmtDate(r.event_date), " · ", bdi(r.location || "—"), " · ",
    `${t("ev.fatalities")}: ${r.fatalities ?? "—"}`, " · ", `${t("ev.confidence")} ${r.confidence.toFixed(2)}`));
  if (r.sources.length) {
    card.append(h("p", { class: "sources" }, h("strong", { text: t("ev.sources") + ": " }),
      r.sources.map((s, i) => [i ? "; " : "", bdi(s.name), s.name_ar ? [" (", bdi(s.name_ar), ")"] : "",
        s.via ? [" via ", bdi(s.via)] : ""])));
  }
  const textBox = h("div", { class: "article-box" }, h("p", { class: "muted", text: t("loading") }));
  card.append(textBox);
  if (ctx.me && ev.reports.length > 1) {
    card.append(h("button", { type: "button", class: "btn small split", text: t("rv.split"),
      onclick: () => act(ctx, () => api(`/api/events/${enc(ev.id)}/split`, { method: "POST", body: { event_id: r.event_id } }), ev.id) }));
  }
  loadArticle(textBox, r);
  return card;
}

async function loadArticle(box, report) {
  let art;
  try {
    art = await api("/api/articles/" + enc(report.article_id));
  } catch (e) {
    clear(box).append(h("p", { class: "error", text: e.message }));
    return;
  }
  const spans = [];
  for (const e of art.events) {
    const mine = e.event_id === report.event_id;
    for (const s of e.evidence) {
      spans.push({ start: s.start, end: s.end, cls: mine ? "ev-current" : "ev-other",
        title: mine ? t("ev.legend_current") : t("ev.otherev") });
    }
    if (mine) {
      for (const s of e.sources) if (s.span) spans.push({ start: s.span.start, end: s.span.end, cls: "ev-source", title: t("ev.legend_source") + ": " + s.name });
    }
  }
  clear(box).append(
    h("div", { class: "legend small" },
      h("mark", { class: "ev-current", text: t("ev.legend_current") }), " ",
      h("mark", { class: "ev-source", text: t("ev.legend_source") }), " ",
      h("mark", { class: "ev-other", text: t("ev.otherev") })),
    highlightedText(art.text, spans));
}

function auditList(entries) {
  if (!entries.length) return h("p", { class: "muted", text: t("ev.noaudit") });
  const show = (x) => (x === null || x === undefined ? "∅" : typeof x === "object" ? JSON.stringify(x) : String(x));
  return h("ol", { class: "audit" }, entries.map((e) => h("li", { class: "audit-entry", dataset: { action: e.action } },
    h("span", { class: "muted", text: fmtDateTime(e.at) }), " · ", h("strong", {}, bdi(e.user)), " · ",
    t("a." + e.action), e.field ? [" ", h("code", { text: e.field })] : "", ": ",
    h("span", { class: "before" }, bdi(show(e.before))), " → ", h("span", { class: "after" }, bdi(show(e.after))),
    e.comment ? [" — ", h("em", {}, bdi(e.comment))] : "")));
}

// --- review --------------------------------------------------------------------------------------------------------

async function act(ctx, call, reloadId) {
  try {
    const res = await call();
    ctx.toast(t("rv.saved"));
    ctx.changed();
    const id = res && res.id ? res.id : reloadId;
    if (location.hash === "#/event/" + enc(id)) ctx.rerender();
    else location.hash = "#/event/" + enc(id);
  } catch (e) {
    ctx.toast(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e), true);
    if (e instanceof ApiError && e.status === 409) ctx.rerender();
  }
}

function reviewPanel(ev, ctx) {
  const box = h("section", { class: "review-panel" });
  if (!ctx.me) {
    box.append(h("p", { class: "muted" }, t("auth.needed"), " ",
      h("button", { type: "button", class: "btn small", text: t("auth.login"), onclick: () => ctx.login() })));
    return box;
  }
  const comment = h("input", { type: "text", name: "comment", class: "comment", placeholder: t("rv.comment") });
  const review = (status) => act(ctx, () => api(`/api/events/${enc(ev.id)}/review`, { method: "POST",
    body: { status, expected_version: ev.version, comment: comment.value || null } }), ev.id);
  const editForm = buildEditForm(ev, ctx, comment);
  box.append(h("div", { class: "buttons" },
    h("button", { type: "button", class: "btn primary", id: "rv-accept", text: t("rv.accept"), onclick: () => review("accepted") }),
    h("button", { type: "button", class: "btn danger", id: "rv-reject", text: t("rv.reject"), onclick: () => review("rejected") }),
    ev.review_status !== "unreviewed"
      ? h("button", { type: "button", class: "btn", id: "rv-reset", text: t("rv.reset"), onclick: () => review("unreviewed") }) : null,
    h("button", { type: "button", class: "btn", id: "rv-edit", text: t("rv.edit"), onclick: () => { editForm.hidden = !editForm.hidden; } }),
    comment));
  box.append(editForm);
  const other = h("input", { type: "text", name: "other", placeholder: t("rv.merge_ph"), dir: "ltr" });
  box.append(h("form", { class: "merge-form", onsubmit: (e) => {
    e.preventDefault();
    if (!other.value.trim()) return;
    act(ctx, () => api(`/api/events/${enc(ev.id)}/merge`, { method: "POST",
      body: { other: other.value.trim(), expected_version: ev.version, reason: comment.value || null } }), ev.id);
  } }, h("label", {}, h("span", { text: t("rv.merge") }), other), h("button", { type: "submit", class: "btn", text: t("rv.merge_btn") })));
  return box;
}

function buildEditForm(ev, ctx, comment) {
  const v = ev.values;
  const types = ctx.config.event_types;
  const typeSel = h("select", { name: "event_type" }, Object.keys(types).map((k) => h("option", { value: k, text: typeName(k), selected: k === v.event_type })));
  const subSel = h("select", { name: "sub_event_type" });
  const fillSubs = () => {
    append(clear(subSel), types[typeSel.value].map((s) => h("option", { value: s, text: typeName(s), selected: s === v.sub_event_type })));
  };
  fillSubs();
  typeSel.addEventListener("change", fillSubs);
  const input = (name, value, attrs = {}) => h("input", { name, value: value ?? "", ...attrs });
  const form = h("form", { class: "edit-form", hidden: true },
    h("div", { class: "grid2" },
      h("label", {}, h("span", { text: t("ev.type") }), typeSel),
      h("label", {}, h("span", { text: t("ev.subtype") }), subSel),
      h("label", {}, h("span", { text: t("ev.date") }), input("event_date", v.event_date, { type: "date" })),
      h("label", {}, h("span", { text: t("ev.fatalities") }), input("fatalities", v.fatalities, { type: "number", min: 0, step: 1 })),
      h("label", {}, h("span", { text: t("ev.actor1") }), input("actor1", v.actor1, { list: "actor-list", dir: "auto" })),
      h("label", {}, h("span", { text: t("ev.actor2") }), input("actor2", v.actor2, { list: "actor-list", dir: "auto" })),
      h("label", {}, h("span", { text: t("ev.location") }), input("location", v.location, { dir: "auto" })),
      h("label", {}, h("span", { text: t("ev.admin1") }), input("admin1", v.admin1, { dir: "auto" })),
      h("label", {}, h("span", { text: t("ev.country") }), input("country_code", v.country_code, { maxlength: 3 })),
      h("label", {}, h("span", { text: t("ev.coords") }),
        h("span", { class: "pair" }, input("latitude", v.latitude, { type: "number", step: "any" }), input("longitude", v.longitude, { type: "number", step: "any" })))),
    h("button", { type: "submit", class: "btn primary", id: "rv-save", text: t("rv.save") }));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const changes = {};
    const val = (n) => form.elements[n].value.trim();
    const setIf = (n, parsed, current) => { if (parsed !== current && !(parsed === null && (current === null || current === undefined))) changes[n] = parsed; };
    setIf("event_type", val("event_type"), v.event_type);
    if (val("event_type") !== v.event_type || val("sub_event_type") !== v.sub_event_type) changes.sub_event_type = val("sub_event_type");
    setIf("event_date", val("event_date") || null, v.event_date);
    setIf("fatalities", val("fatalities") === "" ? null : parseInt(val("fatalities"), 10), v.fatalities);
    for (const n of ["actor1", "actor2", "location", "admin1", "country_code"]) setIf(n, val(n) || null, v[n]);
    for (const n of ["latitude", "longitude"]) setIf(n, val(n) === "" ? null : parseFloat(val(n)), v[n]);
    if (!Object.keys(changes).length) { ctx.toast(t("rv.nochange")); return; }
    act(ctx, () => api(`/api/events/${enc(ev.id)}/edit`, { method: "POST",
      body: { changes, expected_version: ev.version, comment: comment.value || null } }), ev.id);
  });
  return form;
}

