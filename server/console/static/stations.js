// 联络站: choosing a city or a county lists the next level at once (the
// form's 列出下一级 button, which saves nothing); without this script the
// button does the same by hand.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-autostep]").forEach(function (sel) {
      sel.addEventListener("change", function () {
        var b = sel.form && sel.form.querySelector("button[name=step]");
        if (b) { b.click(); }
      });
    });
  });
})();
