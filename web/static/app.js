// frontline analyst page: reads the filters, asks the API, draws the table, map and timeline.
// The API token lives in localStorage ("frontline.token"); it can also arrive once in the URL
// fragment (/#token=...), which never reaches the server, and is then removed from the address.
"use strict";

(function () {
  const TOKEN_KEY = "frontline.token";
  const TABLE_LIMIT = 500;
  const MAP_LIMIT = 5000;
  const SEVERITY_COLOURS = {
    killed: "#111111", serious: "#c0392b", injured: "#e67e22", uninjured: "#2e86c1", unknown: "#95a5a6",
  };
  const DAY = 86400000;
  const MIN_WEEKS = 12;

  const $ = (id) => document.getElementById(id);
  const filters = $("filters");
  const status = $("status");
  let map = null;
  let markers = null;
  let markerRenderer = null;
  let request = 0;
  let weekRows = [];

  // --- token -------------------------------------------------------------------------------
  function takeTokenFromFragment() {
    const match = /^#token=([A-Za-z0-9_\-]+)$/.exec(window.location.hash);
    if (match) {
      localStorage.setItem(TOKEN_KEY, match[1]);
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }
  const token = () => localStorage.getItem(TOKEN_KEY) || "";

  // --- helpers -----------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }
  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }
  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  class ApiError extends Error {}

  async function api(path, params) {
    const query = params ? "?" + params.toString() : "";
    const response = await fetch(path + query, { headers: { Authorization: "Bearer " + token() } });
    if (response.ok) return response.json();
    let detail = "";
    try { detail = (await response.json()).detail; } catch (e) { detail = response.statusText; }
    if (response.status === 401) {
      throw new ApiError("Enter an API token above (make one with: frontline tokens create NAME).");
    }
    if (response.status === 422 && Array.isArray(detail)) {
      const names = detail.map((d) => `${d.loc[d.loc.length - 1]}: ${d.msg}`);
      throw new ApiError("Check the filters: " + names.join("; "));
    }
    throw new ApiError(`The server answered ${response.status}: ${detail || "error"}`);
  }

  function filterParams() {
    const params = new URLSearchParams();
    const data = new FormData(filters);
    for (const [name, value] of data.entries()) {
      if (value !== "") params.append(name, value);
    }
    return params;
  }

  // --- map ---------------------------------------------------------------------------------
  function initMap() {
    map = L.map("map", { attributionControl: false, zoomSnap: 0.25, minZoom: 4, maxZoom: 12 });
    map.fitBounds([[49.9, -8.2], [60.9, 1.8]]);
    // Land and grid sit in their own pane under the markers (the overlay pane, z-index 400).
    map.createPane("base").style.zIndex = 300;
    const grid = L.layerGroup().addTo(map);
    for (let lat = 48; lat <= 62; lat += 2) {
      L.polyline([[lat, -12], [lat, 4]], { pane: "base", color: "#9fb3c8", weight: 0.6, interactive: false }).addTo(grid);
      L.marker([lat, -11.8], {
        interactive: false,
        icon: L.divIcon({ className: "grid-label", html: lat + "°N", iconSize: null }),
      }).addTo(grid);
    }
    for (let lon = -12; lon <= 4; lon += 2) {
      L.polyline([[48, lon], [62, lon]], { pane: "base", color: "#9fb3c8", weight: 0.6, interactive: false }).addTo(grid);
      if (lon === -12) continue;  // the latitude labels sit there
      L.marker([49.95, lon], {
        interactive: false,
        icon: L.divIcon({ className: "grid-label", html: Math.abs(lon) + (lon < 0 ? "°W" : "°E"), iconSize: null }),
      }).addTo(grid);
    }
    fetch("/static/uk.json")
      .then((response) => response.json())
      .then((outline) => {
        L.geoJSON(outline, {
          pane: "base",
          interactive: false,
          style: (feature) => feature.geometry.type === "LineString"
            ? { color: "#8a96a8", weight: 1, dashArray: "3 3" }
            : { color: "#8a96a8", weight: 1, fillColor: "#fbfaf5", fillOpacity: 1 },
        }).addTo(map).bringToBack();
      })
      .catch(() => setStatus("The map outline could not be loaded.", true));
    markers = L.layerGroup().addTo(map);
    markerRenderer = L.canvas({ padding: 0.2 });  // thousands of markers: canvas, not SVG
  }

  function drawMap(collection) {
    markers.clearLayers();
    for (const feature of collection.features) {
      const [lon, lat] = feature.geometry.coordinates;
      const p = feature.properties;
      const marker = L.circleMarker([lat, lon], {
        renderer: markerRenderer,
        radius: 5 + Math.min(p.officers || 1, 6),
        color: "#fff", weight: 1, fillOpacity: 0.85,
        fillColor: SEVERITY_COLOURS[p.severity] || SEVERITY_COLOURS.unknown,
      });
      const button = el("button", { type: "button" }, "Sources and evidence");
      button.addEventListener("click", () => openDetail(feature.id));
      marker.bindPopup(el("div", {},
        el("strong", {}, `${p.date || "date unknown"}: ${p.location || ""}`), el("br"),
        `${p.force || "force unknown"}, ${p.severity}`, el("br"),
        p.summary, el("br"), button));
      marker.bindTooltip(`${p.date || ""} ${p.location || ""}`);
      markers.addLayer(marker);
    }
  }

  // --- timeline ----------------------------------------------------------------------------
  function mondayOf(date) {
    const day = (date.getUTCDay() + 6) % 7;
    return new Date(date.getTime() - day * DAY);
  }
  const isoDay = (date) => date.toISOString().slice(0, 10);

  function drawTimeline(rows) {
    const box = $("timeline");
    box.replaceChildren();
    const width = box.clientWidth || 600;
    const height = box.clientHeight || 380;
    const pad = { left: 34, right: 8, top: 10, bottom: 24 };
    const counts = new Map(rows.filter((r) => r.key).map((r) => [r.key, r.incidents]));
    if (counts.size === 0) {
      const note = svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle" });
      note.textContent = "no dated incidents";
      box.append(note);
      return;
    }
    const keys = [...counts.keys()].sort();
    const first = mondayOf(new Date(keys[0] + "T00:00:00Z"));
    const last = mondayOf(new Date(keys[keys.length - 1] + "T00:00:00Z"));
    // Show at least MIN_WEEKS weeks so that one busy week does not fill the whole chart.
    const span = Math.round((last.getTime() - first.getTime()) / (7 * DAY)) + 1;
    const before = Math.max(0, Math.floor((MIN_WEEKS - span) / 2));
    const after = Math.max(0, MIN_WEEKS - span - before);
    const weeks = [];
    for (let t = first.getTime() - before * 7 * DAY; t <= last.getTime() + after * 7 * DAY; t += 7 * DAY) {
      weeks.push(isoDay(new Date(t)));
    }
    const top = Math.max(...counts.values());
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const step = plotW / weeks.length;
    box.setAttribute("viewBox", `0 0 ${width} ${height}`);
    box.append(svg("line", { class: "axis", x1: pad.left, y1: pad.top + plotH, x2: width - pad.right, y2: pad.top + plotH }));
    box.append(svg("line", { class: "axis", x1: pad.left, y1: pad.top, x2: pad.left, y2: pad.top + plotH }));
    for (const value of [0, top]) {
      const label = svg("text", { x: pad.left - 4, y: pad.top + plotH - (value / top) * plotH + 4, "text-anchor": "end" });
      label.textContent = String(value);
      box.append(label);
    }
    let lastLabelX = -Infinity;
    weeks.forEach((week, i) => {
      const n = counts.get(week) || 0;
      const x = pad.left + i * step;
      if (n > 0) {
        const h = (n / top) * plotH;
        const bar = svg("rect", {
          class: "bar", x: x + step * 0.1, y: pad.top + plotH - h,
          width: Math.max(step * 0.8, 1), height: h, "data-week": week,
        });
        const tip = svg("title");
        tip.textContent = `week of ${week}: ${n} incident${n === 1 ? "" : "s"}`;
        bar.append(tip);
        bar.addEventListener("click", () => showWeek(week));
        box.append(bar);
      }
      const isNewMonth = i === 0 || week.slice(0, 7) !== weeks[i - 1].slice(0, 7);
      if (isNewMonth && x - lastLabelX > 56 && x < width - 50) {
        const label = svg("text", { x: x, y: height - 6 });
        label.textContent = week.slice(0, 7);
        box.append(label);
        lastLabelX = x;
      }
    });
  }

  function showWeek(week) {
    const start = new Date(week + "T00:00:00Z");
    $("date_from").value = week;
    $("date_to").value = isoDay(new Date(start.getTime() + 6 * DAY));
    load();
  }

  // --- table and detail --------------------------------------------------------------------
  function severityCell(severity) {
    return el("td", { className: "nowrap" }, el("span", { className: "sev sev-" + severity }), severity);
  }

  function drawTable(items) {
    const body = $("incidents").querySelector("tbody");
    body.replaceChildren();
    for (const item of items) {
      const row = el("tr", { tabindex: "0", "data-id": item.id },
        el("td", { className: "nowrap" }, item.date || ""),
        el("td", {}, item.force || ""),
        el("td", {}, item.location || ""),
        el("td", {}, item.weapons.join(", ")),
        severityCell(item.severity),
        el("td", { className: "num", title: item.officers == null ? "not reported" : "" },
           item.officers ?? "?"),
        el("td", { className: "num" }, item.outlet_count),
        el("td", {}, item.summary));
      row.addEventListener("click", () => openDetail(item.id));
      row.addEventListener("keydown", (event) => { if (event.key === "Enter") openDetail(item.id); });
      body.append(row);
    }
  }

  function evidenceList(evidence) {
    const entries = Object.entries(evidence || {}).filter(([, span]) => span && span.text);
    if (!entries.length) return null;
    return el("div", {}, ...entries.map(([field, span]) => el("blockquote", {}, el("b", {}, field + ": "), `“${span.text}”`)));
  }

  async function openDetail(id) {
    let item;
    try {
      item = await api(`/api/incidents/${encodeURIComponent(id)}`);
    } catch (error) {
      setStatus(error.message, true);
      return;
    }
    const fields = [
      ["Date", item.date], ["Force", item.force], ["Place", item.location],
      ["Weapons", item.weapons.join(", ")], ["Severity", item.severity], ["Officers", item.officers ?? "not reported"],
      ["Outlets", item.outlet_count], ["Review", item.review_status],
      ["First reported", item.first_reported], ["Last reported", item.last_reported],
    ];
    const list = el("dl", { className: "fields" });
    for (const [name, value] of fields) list.append(el("dt", {}, name), el("dd", {}, value ?? "—"));
    const sources = el("ol", { className: "sources" });
    for (const source of item.sources) {
      const url = safeUrl(source.url);
      const title = url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, source.title || url) : source.title;
      sources.append(el("li", {}, title, el("br"),
        el("small", {}, [source.outlet, source.published && source.published.slice(0, 10)].filter(Boolean).join(", ")),
        evidenceList(source.evidence)));
    }
    $("detail-body").replaceChildren(
      el("h2", {}, `Incident ${item.id}: ${item.summary}`), list,
      el("h3", {}, "Evidence"), evidenceList(item.evidence) || el("p", {}, "none recorded"),
      el("h3", {}, `Sources (${item.sources.length})`), sources);
    $("detail").showModal();
  }

  // --- loading -----------------------------------------------------------------------------
  // --- filters in the page's address, so a search can be bookmarked and shared -------------
  function filtersFromAddress() {
    const params = new URLSearchParams(window.location.search);
    for (const [name, value] of params.entries()) {
      const field = filters.elements.namedItem(name);
      if (!field) continue;
      if (field instanceof HTMLSelectElement && field.multiple) {
        for (const option of field.options) if (option.value === value) option.selected = true;
      } else {
        field.value = value;
      }
    }
  }

  function filtersToAddress(params) {
    const query = params.toString();
    const address = window.location.pathname + (query ? "?" + query : "");
    window.history.replaceState(null, "", address);  // never the token: it stays out of URLs
  }

  async function downloadCsv() {
    const params = filterParams();
    params.set("limit", "10000");
    setStatus("Preparing CSV…");
    try {
      const response = await fetch("/api/incidents.csv?" + params.toString(),
                                   { headers: { Authorization: "Bearer " + token() } });
      if (!response.ok) throw new ApiError(`The server answered ${response.status}.`);
      const link = el("a", { href: URL.createObjectURL(await response.blob()), download: "incidents.csv" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      const total = response.headers.get("X-Total-Count") || "the";
      setStatus(`Downloaded ${total} incident${total === "1" ? "" : "s"} as CSV.`);
    } catch (error) {
      setStatus(error instanceof ApiError ? error.message : "The server could not be reached.", true);
    }
  }

  async function load() {
    const mine = ++request;
    if (!token()) {
      setStatus("Enter an API token above (make one with: frontline tokens create NAME).", true);
      return;
    }
    setStatus("Loading…");
    const params = filterParams();
    filtersToAddress(params);
    const tableParams = new URLSearchParams(params); tableParams.set("limit", TABLE_LIMIT);
    const mapParams = new URLSearchParams(params); mapParams.set("limit", MAP_LIMIT); mapParams.delete("sort");
    const statsParams = new URLSearchParams(params); statsParams.set("by", "week"); statsParams.delete("sort");
    try {
      const [page, collection, stats] = await Promise.all([
        api("/api/incidents", tableParams),
        api("/api/incidents.geojson", mapParams),
        api("/api/stats", statsParams),
      ]);
      if (mine !== request) return;
      drawTable(page.items);
      drawMap(collection);
      weekRows = stats.rows;
      drawTimeline(weekRows);
      const shown = page.items.length < page.total ? ` (the first ${page.items.length} listed)` : "";
      setStatus(`${page.total} incident${page.total === 1 ? "" : "s"}${shown}; ${collection.features.length} on the map.`);
    } catch (error) {
      if (mine !== request) return;
      setStatus(error instanceof ApiError ? error.message : "The server could not be reached.", true);
    }
  }

  function debounce(fn, ms) {
    let timer = null;
    return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  document.addEventListener("DOMContentLoaded", () => {
    takeTokenFromFragment();
    $("token").value = token();
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      localStorage.setItem(TOKEN_KEY, $("token").value.trim());
      load();
    });
    $("forget-token").addEventListener("click", () => {
      localStorage.removeItem(TOKEN_KEY);
      $("token").value = "";
      load();
    });
    filters.addEventListener("submit", (event) => { event.preventDefault(); load(); });
    filters.addEventListener("change", (event) => { if (event.target.id !== "q") load(); });
    filters.addEventListener("reset", () => setTimeout(load, 0));
    $("q").addEventListener("input", debounce(load, 400));
    $("download-csv").addEventListener("click", downloadCsv);
    filtersFromAddress();
    initMap();
    window.addEventListener("resize", debounce(() => drawTimeline(weekRows), 200));
    load();
  });
})();
