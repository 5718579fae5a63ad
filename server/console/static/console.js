// 人大代表联络站管理后台: the little the pages need of a script. No inline
// scripts anywhere (the Content-Security-Policy forbids them): each piece
// starts from data- attributes the server put on the page.
(function () {
  "use strict";

  // The sign-in page asks every 2 s whether the code was approved.
  function pollLogin(box) {
    var url = box.getAttribute("data-status-url");
    var status = document.getElementById("login-status");
    var expired = document.getElementById("login-expired");
    var timer = setInterval(function () {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          if (d.status === "approved") {
            clearInterval(timer);
            status.textContent = "已确认，正在进入…";
            window.location.assign(d.next || "/console/");
          } else if (d.status === "expired") {
            clearInterval(timer);
            status.textContent = "二维码已过期";
            expired.hidden = false;
          }
        })
        .catch(function () { status.textContent = "网络不通，正在重试…"; });
    }, 2000);
  }

  // A form with data-confirm asks before it is sent.
  function confirmForms() {
    document.addEventListener("submit", function (e) {
      var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
      if (msg && !window.confirm(msg)) { e.preventDefault(); }
    });
  }

  // A button with data-print prints the page.
  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  // An element with data-refresh-url and data-refresh-seconds replaces its
  // contents with that URL's HTML every so often (the venue screen).
  function refreshers() {
    document.querySelectorAll("[data-refresh-url]").forEach(function (el) {
      var secs = parseInt(el.getAttribute("data-refresh-seconds") || "10", 10);
      setInterval(function () {
        fetch(el.getAttribute("data-refresh-url"), { credentials: "same-origin", cache: "no-store" })
          .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
          .then(function (html) { el.innerHTML = html; })
          .catch(function () {});
      }, secs * 1000);
    });
  }

  // An element with data-progress-url shows a job's progress until it is done,
  // then goes to data-done-url.
  function progress() {
    document.querySelectorAll("[data-progress-url]").forEach(function (el) {
      var bar = el.querySelector("progress");
      var label = el.querySelector(".progress-label");
      var timer = setInterval(function () {
        fetch(el.getAttribute("data-progress-url"), { credentials: "same-origin", cache: "no-store" })
          .then(function (r) { return r.json(); })
          .then(function (d) {
            if (bar && d.total) { bar.max = d.total; bar.value = d.done; }
            if (label) { label.textContent = d.label || ""; }
            if (d.finished) {
              clearInterval(timer);
              window.location.assign(el.getAttribute("data-done-url"));
            }
          })
          .catch(function () {});
      }, 1000);
    });
  }

  // Charts: an element with data-chart holds the id of a JSON block with an
  // ECharts option; drawn when ECharts is on the page.
  function charts() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-chart"));
      if (!src) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(src.textContent));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var login = document.getElementById("login");
    if (login && login.getAttribute("data-status-url")) { pollLogin(login); }
    confirmForms();
    printButtons();
    refreshers();
    progress();
    charts();
  });
})();
