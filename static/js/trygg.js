/* On every page. After a failed submit the error summary takes the focus (screen readers
   read it, keyboard users start there); its links move the focus to the field itself. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var input = target.matches("input, select, textarea, button") ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    var details = target.closest("details");
    if (details) { details.open = true; }
    (target.closest("fieldset, .field") || target).scrollIntoView({ block: "start" });
    (input || target).focus({ preventScroll: true });
  });
}());
