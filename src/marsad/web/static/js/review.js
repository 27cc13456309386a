// The review queue: events waiting for a reviewer (unreviewed by default), oldest first; one click opens the
// event view where it is accepted, rejected, edited, merged or split.

import { api, enc, query } from "./api.js";
import { bdi, clear, h } from "./dom.js";
import { fmtDate, statusName, t, typeName } from "./i18n.js";
import { swatch } from "./map.js";

export async function renderQueue(root, ctx) {
  const status = ctx.queueStatus || "unreviewed";
  const sel = h("select", { name: "queue-status", onchange: (e) => { ctx.queueStatus = e.target.value; renderQueue(root, ctx); } },
    ["unreviewed", "accepted", "edited", "rejected"].map((s) => h("option", { value: s, text: statusName(s), selected: s === status })));
  clear(root).append(h("h1", { text: t("rq.title") }), h("p", { class: "muted", text: t("rq.hint") }),
    h("label", { class: "inline" }, h("span", { text: t("rq.show") + " " }), sel));
  let page;
  try {
    page = await api("/api/events" + query({ ...ctx.filterParams(), status, sort: "date", limit: 500 }));
  } catch (e) {
    root.append(h("p", { class: "error", text: e.message }));
    return;
  }
  root.append(h("p", { class: "muted", text: `${page.total} ${t("events")}` }));
  const rows = page.items.map((ev) => h("tr", { class: "queue-row", dataset: { id: ev.id } },
    h("td", {}, h("a", { href: "#/event/" + enc(ev.id), text: ev.event_id_cnty })),
    h("td", { text: fmtDate(ev.event_date) }),
    h("td", {}, swatch(ev.event_type), typeName(ev.sub_event_type)),
    h("td", {}, bdi(ev.location || "—")),
    h("td", {}, bdi([ev.actor1, ev.actor2].filter(Boolean).join(" ↔ "))),
    h("td", { class: "num", text: String(ev.fatalities) }),
    h("td", { class: "num", text: String(ev.n_articles) }),
    h("td", {}, h("span", { class: "badge status-" + ev.review_status, text: statusName(ev.review_status) }))));
  root.append(h("table", { class: "queue" },
    h("thead", {}, h("tr", {}, ["ID", t("ev.date"), t("ev.type"), t("ev.location"), t("ev.actor1") + " ↔ " + t("ev.actor2"),
      t("ev.fatalities"), t("ev.reports"), t("ev.status")].map((x) => h("th", { text: x })))),
    h("tbody", {}, rows)));
}
