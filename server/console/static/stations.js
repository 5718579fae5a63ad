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
    // A filter's area select sends the filter at once (its counties appear).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
      sel.addEventListener("change", function () {
        if (sel.name === "city") {
          var county = sel.form.querySelector("select[name=county]");
          if (county) { county.value = ""; }
        }
        sel.form.submit();
      });
    });
  });
})();
