// Building DOM nodes without HTML strings: text only ever goes in through textContent, so article text and
// every value from the server is shown as text, never parsed as markup (no innerHTML anywhere in the app).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "href") el.setAttribute("href", safeHref(v));
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Only http(s), in-app (#…) and same-site (/…) links; a "javascript:" URL from an article's metadata is dropped.
export function safeHref(url) {
  const s = String(url || "").trim();
  if (s.startsWith("#") || (s.startsWith("/") && !s.startsWith("//"))) return s;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "#";
  } catch {
    return "#";
  }
}

// Arabic runs inside LTR text (and the reverse) keep their order when isolated; dir=auto takes each value's
// direction from its first strong letter (an English note in the Arabic UI ends with its full stop on the right).
export function bdi(text) {
  return h("bdi", { dir: "auto", text: text ?? "" });
}

export function $(sel, root = document) {
  return root.querySelector(sel);
}
