/* Hot spot map: H3 cells classed hot / cold (GeoJSON from the server), an optional kernel
   density heat layer and area outlines. Data comes through data-* attributes and json_script
   blocks (strict CSP). Colour is never the only cue: hot cells have a thick solid outline,
   cold cells a dashed one, and every cell has a text tooltip.
   Names of areas and places come from data: they are only ever set as textContent of an
   element handed to Leaflet, never as an HTML string (bindTooltip(string) parses HTML). */
(function () {
  "use strict";
  var el = document.getElementById("hotspot-map");
  if (!el || typeof L === "undefined") { return; }
  var d = el.dataset;
  var status = document.getElementById("map-status");

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }
  function setStatus(text) { if (status) { status.textContent = text; } }
  // A tooltip's content as DOM nodes: one line (div) per text, all set through textContent.
  function textBox(lines, className) {
    var box = document.createElement("div");
    if (className) { box.className = className; }
    lines.forEach(function (line, i) {
      if (line === null || line === undefined || line === "") { return; }
      var node = document.createElement(i === 0 ? "strong" : "div");
      node.textContent = String(line);
      box.appendChild(node);
    });
    return box;
  }

  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(d.tileUrl, { attribution: d.tileAttribution, maxZoom: 19 }).addTo(map);
  var bounds = readJson("map-bounds");
  if (bounds) { map.fitBounds(bounds); } else { map.setView([62.0, 15.0], 5); }

  var areas = L.geoJSON(readJson("map-areas"), {
    style: function () { return { color: "#0b4f7c", weight: 1.5, fillOpacity: 0, dashArray: "2 4" }; },
    onEachFeature: function (feature, layer) {
      if (feature.properties && feature.properties.name) {
        layer.bindTooltip(textBox([feature.properties.name]), { sticky: true });
      }
    }
  });
  areas.addTo(map);

  var heatPoints = readJson("map-heat") || [];
  var heat = L.heatLayer(heatPoints, { radius: 18, blur: 15, maxZoom: 15, minOpacity: 0.25, max: 1.0 });

  function styleFor(feature) {
    var k = feature.properties["class"];
    if (k === "hot") { return { color: "#a50f15", weight: 3, fillColor: "#de2d26", fillOpacity: 0.45 }; }
    if (k === "cold") { return { color: "#08519c", weight: 2, dashArray: "6 4", fillColor: "#6baed6", fillOpacity: 0.35 }; }
    return { color: "#555555", weight: 1, fillColor: "#999999", fillOpacity: 0.15 };
  }
  function tooltipLines(props) {
    var klass = props["class"] === "hot" ? d.labelHot : (props["class"] === "cold" ? d.labelCold : "");
    var counts = d.labelCount + ": " + String(props.count);
    if (props.neighbourhood !== undefined && props.neighbourhood !== null) {
      counts += " (" + d.labelNeighbourhood + ": " + String(props.neighbourhood) + ")";
    }
    var z = (props.z === null || props.z === undefined) ? "" : "z = " + Number(props.z).toFixed(2).replace(".", d.decimalSeparator || ".");
    return [props.name || props.cell, klass, counts, z, d.labelCell + ": " + String(props.cell)];
  }
  var cells = L.geoJSON(null, {
    style: styleFor,
    onEachFeature: function (feature, layer) { layer.bindTooltip(textBox(tooltipLines(feature.properties)), { sticky: true }); }
  });
  cells.addTo(map);

  function toggle(id, layer) {
    var box = document.getElementById(id);
    if (!box) { return; }
    box.addEventListener("change", function () {
      if (box.checked) { layer.addTo(map); } else { map.removeLayer(layer); }
    });
    if (box.checked && !map.hasLayer(layer)) { layer.addTo(map); }
  }
  toggle("layer-cells", cells);
  toggle("layer-heat", heat);
  toggle("layer-areas", areas);

  fetch(d.geojsonUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (data) {
      cells.addData(data);
      setStatus(d.labelLoaded + " " + String((data.features || []).length));
    })
    .catch(function () { setStatus(d.labelError); });
})();
