// Glue between the page's data and DataTables (bundled by itables, inlined in this page).
// Every cell is rendered with DataTables' text renderer (HTML escaped); the article viewer
// writes text with textContent only. Links are in-page fragments (#s/doc/sent, #a/doc).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const b64 = document.getElementById("dt-module").textContent;
  const built = {};
  let DataTable = null, articles = null;

  // Each table's rows (and the articles) are parsed when first needed, not at load.
  function rowsOf(t) {
    return JSON.parse(document.getElementById("rows-" + t.id).textContent);
  }

  function article(doc) {
    if (articles === null) {
      articles = JSON.parse(document.getElementById("articles-data").textContent);
    }
    return articles[doc];
  }

  function link(kind, doc, sent) {
    const href = kind === "context"
      ? "#s/" + encodeURIComponent(doc) + "/" + encodeURIComponent(sent)
      : "#a/" + encodeURIComponent(doc);
    return '<a href="' + href + '">' + kind + "</a>";
  }

  function buildTable(t, pane) {
    const docCol = t.columns.indexOf("doc_id"), sentCol = t.columns.indexOf("sent_id");
    const text = DataTable.render.text();
    const columns = t.columns.map((c, i) => ({ title: c, data: i, render: text }));
    t.links.forEach(kind => columns.push({
      title: kind, data: null, orderable: false, searchable: false,
      render: (v, type, row) => type === "display" ? link(kind, row[docCol], row[sentCol]) : ""
    }));
    const table = document.createElement("table");
    table.className = "display compact";
    table.id = "table-" + t.id;
    pane.appendChild(table);
    const dt = new DataTable(table, {
      data: rowsOf(t), columns: columns, deferRender: true, pageLength: 25,
      lengthMenu: [10, 25, 100, 500], searchDelay: 250, autoWidth: false,
      order: [], orderCellsTop: true,
      initComplete: function () { addFilters(this.api(), t); }
    });
    built[t.id] = dt;
  }

  function addFilters(api, t) {
    const head = api.table().header();
    const row = document.createElement("tr");
    api.columns().every(function (i) {
      const cell = document.createElement("th");
      if (i < t.columns.length) {
        const input = document.createElement("input");
        input.type = "search";
        input.placeholder = "filter";
        input.setAttribute("aria-label", "filter " + t.columns[i]);
        input.dataset.column = t.columns[i];
        input.addEventListener("click", e => e.stopPropagation());
        input.addEventListener("input", () => {
          if (api.column(i).search() !== input.value) api.column(i).search(input.value).draw();
        });
        cell.appendChild(input);
      }
      row.appendChild(cell);
    });
    head.appendChild(row);
  }

  function show(id) {
    data.tables.forEach(t => {
      document.getElementById("tab-" + t.id).setAttribute("aria-selected", String(t.id === id));
      document.getElementById("pane-" + t.id).hidden = t.id !== id;
    });
    const t = data.tables.find(x => x.id === id);
    if (!built[id] && DataTable) buildTable(t, document.getElementById("pane-" + id));
  }

  function openViewer(doc, sent) {
    const a = article(doc);
    const body = document.getElementById("viewer-body");
    body.replaceChildren();
    document.getElementById("viewer").hidden = false;
    document.getElementById("viewer-title").textContent = a ? (a.title || doc) : doc;
    document.getElementById("viewer-meta").textContent =
      a ? [doc, a.outlet, a.published].filter(Boolean).join(" · ")
        : "(no row shown here links to this article: its text is in data/processed/sentences.csv)";
    if (!a) return;
    let par = null, p = null, hit = null;
    a.s.forEach(([sid, pid, text]) => {
      if (pid !== par) { p = document.createElement("p"); body.appendChild(p); par = pid; }
      const span = document.createElement("span");
      span.textContent = text + " ";
      span.dataset.sent = sid;
      if (sent !== null && sid === sent) { span.className = "hit"; hit = span; }
      p.appendChild(span);
    });
    (hit || body).scrollIntoView({ block: "center" });
  }

  function route() {
    const m = location.hash.match(/^#(s|a)\/([^/]*)(?:\/(\d+))?$/);
    if (!m) return;
    openViewer(decodeURIComponent(m[2]), m[1] === "s" ? Number(m[3]) : null);
  }

  function start() {
    const tabs = document.getElementById("tabs"), panes = document.getElementById("panes");
    data.tables.forEach(t => {
      const b = document.createElement("button");
      b.type = "button";
      b.id = "tab-" + t.id;
      b.textContent = t.title + " (" + t.n.toLocaleString("en") + ")";
      b.addEventListener("click", () => show(t.id));
      tabs.appendChild(b);
      const pane = document.createElement("section");
      pane.className = "pane";
      pane.id = "pane-" + t.id;
      pane.hidden = true;
      panes.appendChild(pane);
    });
    document.getElementById("viewer-close").addEventListener("click", () => {
      document.getElementById("viewer").hidden = true;
      history.replaceState(null, "", location.pathname);
    });
    window.addEventListener("hashchange", route);
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
    import(url).then(mod => {
      URL.revokeObjectURL(url);
      DataTable = mod.default;
      show(data.tables[0].id);
      document.body.dataset.ready = "true";
      route();
    });
  }

  start();
})();
