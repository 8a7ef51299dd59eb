/* Map of reports: clustered markers, optional heat layer, area outlines.
   Data comes from the element's data-* attributes and json_script blocks (strict CSP). */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  if (!el || typeof L === "undefined") { return; }
  var d = el.dataset;
  var status = document.getElementById("map-status");

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  // Text shown in a tooltip: an element holding a text node, never a string (Leaflet inserts
  // strings as HTML, and area and place names come from imported data).
  function textLabel(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span;
  }

  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(d.tileUrl, { attribution: d.tileAttribution, maxZoom: 19 }).addTo(map);

  var bounds = readJson("map-bounds");
  if (bounds) { map.fitBounds(bounds); } else { map.setView([62.0, 15.0], 5); }

  var areasData = readJson("map-areas");
  var areas = L.geoJSON(areasData, {
    style: function () { return { color: "#0b4f7c", weight: 2, fillOpacity: 0.05 }; },
    onEachFeature: function (feature, layer) {
      if (feature.properties && feature.properties.name) {
        layer.bindTooltip(textLabel(feature.properties.name), { sticky: true });
      }
    }
  });
  areas.addTo(map);
  if (areasData && areasData.features && areasData.features.length) {
    map.fitBounds(areas.getBounds(), { padding: [10, 10] });
  }

  var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  var heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 16, minOpacity: 0.3 });
  clusters.addTo(map);

  function row(parent, label, value) {
    var p = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = label + ": ";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(value));
    parent.appendChild(p);
  }

  function popup(props) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.className = "map-popup__title";
    title.textContent = props.category;
    box.appendChild(title);
    row(box, d.labelWeek, props.week);
    if (props.area) { row(box, d.labelArea, props.area); }
    row(box, d.labelImpact, String(props.impact));
    row(box, d.labelStatus, props.status_label || props.status);
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = d.labelOpen;
    box.appendChild(link);
    return box;
  }

  function setStatus(text) { if (status) { status.textContent = text; } }

  fetch(d.geojsonUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (data) {
      var points = [];
      var markers = [];
      (data.features || []).forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var latlng = L.latLng(c[1], c[0]);
        var marker = L.marker(latlng, { title: feature.properties.category, alt: feature.properties.category });
        marker.bindPopup(popup(feature.properties));
        markers.push(marker);
        points.push([c[1], c[0], Math.max(0.3, (feature.properties.impact || 1) / 3)]);
      });
      clusters.addLayers(markers);
      heat.setLatLngs(points);
      if (markers.length && !(areasData && areasData.features && areasData.features.length)) {
        map.fitBounds(clusters.getBounds(), { padding: [20, 20], maxZoom: 15 });
      }
      var text = d.labelLoaded + " " + markers.length + ".";
      if (data.truncated) { text += " " + d.labelTruncated; }
      setStatus(text);
    })
    .catch(function () { setStatus(d.labelError); });

  function toggle(id, layer) {
    var box = document.getElementById(id);
    if (!box) { return; }
    var apply = function () {
      if (box.checked) { map.addLayer(layer); } else { map.removeLayer(layer); }
    };
    box.addEventListener("change", apply);
    apply();
  }
  toggle("layer-markers", clusters);
  toggle("layer-heat", heat);
  toggle("layer-areas", areas);
})();
