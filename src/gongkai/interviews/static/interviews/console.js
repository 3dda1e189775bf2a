/* The staff console (moderation queue, answer console): asks every few seconds whether the
   interview changed and, if so, adds the new rows and removes the rows that left each list.
   A row that is still there is never replaced, so text being typed in it is kept. */
(function () {
  "use strict";
  var root = document.querySelector("[data-console]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-queue-url");
  var version = root.getAttribute("data-version");
  var INTERVAL = 3000;

  function element(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  function merge(list, rows) {
    var wanted = {};
    rows.forEach(function (row) { wanted[row.key] = row; });
    Array.prototype.slice.call(list.children).forEach(function (child) {
      var key = child.getAttribute("data-key");
      if (key && !wanted[key]) { list.removeChild(child); }
    });
    var previous = null;
    rows.forEach(function (row) {
      var node = list.querySelector('[data-key="' + row.key + '"]');
      if (!node) {
        node = element(row.html);
        if (!node) { return; }
        node.classList.add("iv-new");
        if (previous && previous.nextSibling) {
          list.insertBefore(node, previous.nextSibling);
        } else if (previous) {
          list.appendChild(node);
        } else {
          list.insertBefore(node, list.firstChild);
        }
      }
      previous = node;
    });
    var empty = root.querySelector('[data-empty="' + list.getAttribute("data-list") + '"]');
    if (empty) { empty.hidden = list.children.length > 0; }
  }

  function apply(data) {
    if (data.lists) {
      root.querySelectorAll("[data-list]").forEach(function (list) {
        var rows = data.lists[list.getAttribute("data-list")];
        if (rows) { merge(list, rows); }
      });
    }
    if (data.figures) {
      Object.keys(data.figures).forEach(function (name) {
        root.querySelectorAll('[data-figure="' + name + '"]').forEach(function (cell) {
          cell.textContent = data.figures[name];
        });
      });
    }
    version = data.v;
  }

  function poll() {
    fetch(url + "?since=" + version, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) { apply(data); })
      .catch(function () { /* try again at the next tick */ })
      .then(function () { window.setTimeout(poll, INTERVAL); });
  }
  window.setTimeout(poll, INTERVAL);
})();
