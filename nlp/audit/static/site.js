// xxgk-nlp audit site: sort and filter the index table. No dependencies, no network.
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    var v = cell ? (cell.getAttribute("data-v") || cell.textContent || "") : "";
    if (type === "num") {
      var n = parseFloat(v);
      return isNaN(n) ? -Infinity : n;
    }
    return v.toLowerCase();
  }

  function sortTable(table, index, descending) {
    var head = table.tHead.rows[0];
    var type = head.cells[index].getAttribute("data-type") || "text";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r.setAttribute("data-order", String(i)); });
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type), y = cellValue(b, index, type);
      var c = x < y ? -1 : (x > y ? 1 : 0);
      if (descending) { c = -c; }
      return c !== 0 ? c : parseInt(a.getAttribute("data-order"), 10) - parseInt(b.getAttribute("data-order"), 10);
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.classList.remove("sorted-asc", "sorted-desc");
      if (i === index) { th.classList.add(descending ? "sorted-desc" : "sorted-asc"); }
    });
  }

  function setupSorting(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) { return; }
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.addEventListener("click", function () {
        var desc = !th.classList.contains("sorted-desc");
        if (th.classList.contains("sorted-asc") || th.classList.contains("sorted-desc")) {
          desc = th.classList.contains("sorted-asc");
        } else {
          desc = (th.getAttribute("data-type") === "num");
        }
        sortTable(table, i, desc);
      });
    });
  }

  function setupFilters(table) {
    var q = document.getElementById("q");
    var level = document.getElementById("level");
    var year = document.getElementById("year");
    var flagged = document.getElementById("flagged");
    var shown = document.getElementById("shown");
    if (!q || !level || !year || !flagged) { return; }
    function apply() {
      var text = q.value.trim().toLowerCase();
      var rows = table.tBodies[0].rows, n = 0;
      Array.prototype.forEach.call(rows, function (r) {
        var ok = (!text || r.textContent.toLowerCase().indexOf(text) >= 0) &&
          (!level.value || r.getAttribute("data-level") === level.value) &&
          (!year.value || r.getAttribute("data-year") === year.value) &&
          (!flagged.checked || r.getAttribute("data-flagged") === "1");
        r.classList.toggle("hidden", !ok);
        if (ok) { n += 1; }
      });
      if (shown) { shown.textContent = "显示 " + n + " / " + rows.length + " 份报告"; }
    }
    [q, level, year, flagged].forEach(function (el) {
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    });
    var form = document.getElementById("filters");
    if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); }); }
    apply();
  }

  // a link to something inside a closed <details> (a folded match or check) opens it
  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (!el) { return; }
    var opened = false;
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; opened = true; }
    }
    if (opened) { el.scrollIntoView(); }
  }

  // the print link prints; printing opens every folded block so the paper shows it
  function setupPrint() {
    var link = document.getElementById("print-link");
    if (link) { link.addEventListener("click", function (e) { e.preventDefault(); window.print(); }); }
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPrint();
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setupSorting);
    var index = document.getElementById("reports");
    if (index) { setupFilters(index); }
    revealTarget();
  });
  window.addEventListener("hashchange", revealTarget);
}());
