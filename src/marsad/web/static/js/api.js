// The REST API client: JSON in and out, the session's CSRF token on every POST, errors as ApiError.

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

let csrf = null;

export function setCsrf(token) {
  csrf = token || null;
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const r = await fetch(path, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const isJson = (r.headers.get("content-type") || "").includes("json");
  const data = isJson ? await r.json() : null;
  if (!r.ok) {
    const err = data && data.error ? data.error : { code: "E-HTTP-" + r.status, message: r.statusText };
    throw new ApiError(err.code, err.message, r.status);
  }
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export const enc = encodeURIComponent;
