// Live job statuses without reloading: while the page shows a registered, pending or in-progress job, poll
// /console/live for those ids; when one moves on, fetch this page again and swap in the fresh parts for that job
// (its row, or its details section with what appears once it has finished), then announce the change to screen readers.
(function () {
  "use strict";
  var active = { registered: true, pending: true, in_progress: true };
  var interval = 1500;

  function watched() {
    var ids = [];
    document.querySelectorAll("[data-live-id]").forEach(function (el) {
      if (active[el.getAttribute("data-live-status")]) ids.push(el.getAttribute("data-live-id"));
    });
    return ids;
  }

  function announce(text) {
    var region = document.getElementById("live-announcer");
    if (region) region.textContent = text;
  }

  function refresh(changed) {
    return fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("page " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        changed.forEach(function (id) {
          var selector = '[data-live-id="' + CSS.escape(id) + '"]';
          var next = fresh.querySelector(selector);
          var current = document.querySelector(selector);
          if (next && current) current.replaceWith(document.importNode(next, true));
        });
      });
  }

  function poll() {
    var ids = watched();
    if (ids.length === 0) return;
    fetch("/console/live?ids=" + encodeURIComponent(ids.join(",")), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("live " + response.status);
        return response.json();
      })
      .then(function (statuses) {
        var changed = ids.filter(function (id) {
          var el = document.querySelector('[data-live-id="' + CSS.escape(id) + '"]');
          return statuses[id] && el && statuses[id] !== el.getAttribute("data-live-status");
        });
        if (changed.length === 0) return;
        return refresh(changed).then(function () {
          announce(changed.length === 1 ? "A job changed status: " + statuses[changed[0]].replace("_", " ") + "." : changed.length + " jobs changed status.");
        });
      })
      .catch(function () { /* signed out or offline: try again on the next tick */ })
      .then(function () { setTimeout(poll, interval); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setTimeout(poll, interval); });
  else setTimeout(poll, interval);
})();
