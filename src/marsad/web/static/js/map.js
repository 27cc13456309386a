// The map: an offline basemap from Natural Earth country boundaries (world-atlas TopoJSON, served by this
// server), optional online tiles, and clustered markers coloured by event type and sized by fatalities.
/* global L, topojson */

import { h } from "./dom.js";
import { fmtDate, t, typeName, TYPE_COLORS } from "./i18n.js";

let map = null;
let cluster = null;
let onMove = null;

export async function initMap(el, config, { onMoveEnd }) {
  map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 14, zoomSnap: 0.5 }).setView([31, 40], 4);
  onMove = onMoveEnd;
  map.attributionControl.setPrefix("Leaflet");
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.tiles_attribution || "", maxZoom: 18 }).addTo(map);
  }
  try {
    const topo = await (await fetch("/vendor/world-atlas/countries-50m.json")).json();
    const land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, {
      interactive: false,
      attribution: "Boundaries: Natural Earth",
      style: config.tiles
        ? { color: "#555", weight: 0.8, fill: false }
        : { color: "#8c8c8c", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 },
    }).addTo(map);
  } catch (e) {
    console.warn("basemap unavailable", e);
  }
  cluster = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(cluster);
  map.on("moveend", () => onMove && onMove());
  return map;
}

function clusterIcon(c) {
  const counts = {};
  for (const m of c.getAllChildMarkers()) counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const n = c.getChildCount();
  const size = n < 10 ? 30 : n < 100 ? 38 : 46;
  const div = h("div", { class: "mcluster" }, h("span", { text: String(n) }));
  div.style.background = TYPE_COLORS[top] || "#444";
  div.style.width = div.style.height = size + "px";
  return L.divIcon({ html: div, className: "marsad-cluster", iconSize: L.point(size, size) });
}

export function radiusFor(fatalities) {
  return Math.min(24, 6 + 3 * Math.sqrt(fatalities || 0));
}

function popup(ev, onOpen) {
  return h("div", { class: "popup" },
    h("div", { class: "popup-type" }, swatch(ev.event_type), typeName(ev.sub_event_type)),
    h("div", {}, h("bdi", { text: ev.location || "—" })),
    h("div", { class: "muted" }, fmtDate(ev.event_date), " · ", t("ev.fatalities"), ": ", String(ev.fatalities)),
    h("div", {}, h("bdi", { text: [ev.actor1, ev.actor2].filter(Boolean).join(" ↔ ") })),
    h("a", { href: "#/event/" + encodeURIComponent(ev.id), class: "popup-open", onclick: () => onOpen && onOpen(ev) },
      ev.event_id_cnty));
}

export function swatch(type) {
  const s = h("span", { class: "swatch" });
  s.style.background = TYPE_COLORS[type] || "#444";
  return s;
}

export function showEvents(items, { fit = true } = {}) {
  if (!cluster) return;
  cluster.clearLayers();
  const markers = [];
  for (const ev of items) {
    if (ev.latitude === null || ev.longitude === null) continue;
    const m = L.circleMarker([ev.latitude, ev.longitude], {
      radius: radiusFor(ev.fatalities), color: "#fff", weight: 1.2, fillColor: TYPE_COLORS[ev.event_type] || "#444",
      fillOpacity: 0.88, className: "marsad-marker", eventType: ev.event_type,
    });
    m.bindPopup(() => popup(ev));
    m.eventId = ev.id;
    markers.push(m);
  }
  cluster.addLayers(markers);
  if (fit && markers.length) {
    const b = L.latLngBounds(markers.map((m) => m.getLatLng()));
    map.fitBounds(b.pad(0.25), { maxZoom: 8, animate: false });
  }
}

export function focusEvent(ev) {
  if (!map || ev.latitude === null || ev.longitude === null) return;
  map.setView([ev.latitude, ev.longitude], Math.max(map.getZoom(), 8), { animate: false });
}

export function bbox() {
  if (!map) return null;
  const b = map.getBounds();
  const w = Math.max(-180, b.getWest()), e = Math.min(180, b.getEast());
  const s = Math.max(-90, b.getSouth()), n = Math.min(90, b.getNorth());
  return [w, s, e, n].map((x) => x.toFixed(4)).join(",");
}

export function invalidate() {
  if (map) map.invalidateSize();
}
