/* The live interview page: asks the server every few seconds what changed since the version
   it has (see gongkai/interviews/live.py) and puts new or changed entries in place, without
   reloading. Entries come as HTML rendered by the same template as the page. */
(function () {
  "use strict";
  var root = document.querySelector("[data-interview-live]");
  if (!root || !window.fetch || !window.JSON) { return; }
  var url = root.getAttribute("data-poll-url");
  var version = parseInt(root.getAttribute("data-version"), 10) || 0;
  var interval = parseInt(root.getAttribute("data-interval"), 10) || 0;
  var first = true;
  var failures = 0;
  var lists = {
    stream: document.getElementById("iv-stream"),
    waiting: document.getElementById("iv-waiting")
  };

  function element(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  function showEmpty() {
    Object.keys(lists).forEach(function (name) {
      var list = lists[name];
      var empty = document.getElementById("iv-" + name + "-empty");
      if (list && empty) { empty.hidden = list.children.length > 0; }
    });
  }

  function place(entry) {
    var list = lists[entry.list];
    if (!list) { return; }
    var fresh = element(entry.html);
    if (!fresh) { return; }
    var old = document.getElementById(entry.id);
    if (old && old.parentNode === list) {
      list.replaceChild(fresh, old);
    } else {
      if (old) { old.parentNode.removeChild(old); }
      list.appendChild(fresh);
    }
    fresh.classList.add("iv-new");
  }

  function apply(data) {
    if (data.reset) {
      Object.keys(lists).forEach(function (name) {
        if (lists[name]) { lists[name].innerHTML = ""; }
      });
    }
    (data.entries || []).forEach(place);
    if (data.figures) {
      Object.keys(data.figures).forEach(function (name) {
        var cell = root.querySelector('[data-figure="' + name + '"]');
        if (cell) { cell.textContent = data.figures[name]; }
      });
    }
    var status = document.getElementById("iv-status");
    if (status && data.status_label) {
      status.textContent = data.status_label;
      status.className = "tag iv-status iv-status-" + data.status;
    }
    if (data.status !== "announced" && data.status !== "live") {
      root.querySelectorAll("[data-open-only]").forEach(function (node) { node.hidden = true; });
    }
    if (data.status === "archived") {
      var note = document.getElementById("iv-archived-note");
      if (note) { note.hidden = false; }
    }
    version = data.v;
    interval = data.interval;
    showEmpty();
  }

  function schedule() {
    if (interval > 0) {
      // After failures wait longer (up to a minute), so a struggling server is not hammered.
      window.setTimeout(poll, Math.min(interval * Math.pow(2, failures), 60000));
    }
  }

  function poll() {
    var address = url + "?since=" + version + (first ? "&hello=1" : "");
    fetch(address, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        first = false;
        failures = 0;
        apply(data);
        schedule();
      })
      .catch(function () {
        failures = Math.min(failures + 1, 5);
        schedule();
      });
  }

  if (interval > 0) { window.setTimeout(poll, Math.min(interval, 2000)); }
})();
