/* The meeting page's decision form (progressive enhancement; without JavaScript every part
   shows under its heading). Only the part of the chosen kind of decision is shown, and in the
   focus part only the hot spots of the focus areas ticked (a hidden hot spot is unticked). */
(function () {
  "use strict";
  var form = document.querySelector("[data-decision-form]");
  if (!form) { return; }
  var kind = form.querySelector("select[name='decision-kind']");
  var parts = form.querySelectorAll("[data-decision-kind]");
  var note = form.querySelector(".decision-form__all");

  function showKind() {
    var chosen = kind ? kind.value : "";
    for (var i = 0; i < parts.length; i++) {
      parts[i].hidden = parts[i].getAttribute("data-decision-kind") !== chosen;
    }
    if (note) { note.hidden = true; }
  }

  function showHotSpots() {
    var ticked = {};
    var areas = form.querySelectorAll("input[name='decision-focus_areas']");
    for (var i = 0; i < areas.length; i++) {
      if (areas[i].checked) { ticked[areas[i].value] = true; }
    }
    var groups = form.querySelectorAll(".hot-spot-group");
    for (var j = 0; j < groups.length; j++) {
      var area = groups[j].getAttribute("data-area");
      // places outside every area can be chosen with any focus area
      var show = area === "" ? Object.keys(ticked).length > 0 : ticked[area] === true;
      groups[j].hidden = !show;
      if (!show) {
        var boxes = groups[j].querySelectorAll("input[type='checkbox']");
        for (var k = 0; k < boxes.length; k++) { boxes[k].checked = false; }
      }
    }
  }

  if (kind) { kind.addEventListener("change", showKind); }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "decision-focus_areas") { showHotSpots(); }
  });
  showKind();
  showHotSpots();
})();
