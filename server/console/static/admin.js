// 邀请码: the form shows only the part of the chosen role (the stations for
// staff, the deputy for a deputy). Without this script both parts show, and
// the server reads only the chosen role's part.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.invite-form");
    if (!form) { return; }
    function show() {
      var checked = form.querySelector("input[name=role]:checked");
      var role = checked ? checked.value : "";
      form.querySelectorAll("[data-role]").forEach(function (el) {
        el.hidden = el.getAttribute("data-role") !== role;
      });
    }
    form.querySelectorAll("input[name=role]").forEach(function (r) { r.addEventListener("change", show); });
    show();
  });
})();
