/* Weekly picture: map of the week's visible reports over the area outlines.
   Data comes from data-* attributes and json_script blocks (strict CSP). */
(function () {
  "use strict";
  var el = document.getElementById("weekly-map");
  if (!el || typeof L === "undefined") { return; }
  var d = el.dataset;
  var status = document.getElementById("map-status");

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }
  function setStatus(text) { if (status) { status.textContent = text; } }

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
  }).addTo(map);
  if (areasData && areasData.features && areasData.features.length) {
    map.fitBounds(areas.getBounds(), { padding: [10, 10] });
  }

  function popup(props) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.className = "map-popup__title";
    title.textContent = props.category;
    box.appendChild(title);
    if (props.area) {
      var area = document.createElement("div");
      area.textContent = d.labelArea + ": " + props.area;
      box.appendChild(area);
    }
    var impact = document.createElement("div");
    impact.textContent = d.labelImpact + ": " + String(props.impact);
    box.appendChild(impact);
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = d.labelOpen;
    box.appendChild(link);
    return box;
  }

  // Hot and cold H3 cells (Gi*, FDR-corrected) over the 12 weeks ending with this week.
  var hotLayer = null;
  var toggle = document.getElementById("weekly-hotspots-toggle");
  function loadHotspots() {
    if (hotLayer) { hotLayer.addTo(map); return; }
    fetch(d.hotspotsUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        hotLayer = L.geoJSON(data, {
          style: function (feature) {
            var hot = feature.properties["class"] === "hot";
            return hot
              ? { color: "#a4161a", weight: 2, fillColor: "#d62828", fillOpacity: 0.35 }
              : { color: "#0b4f7c", weight: 2, dashArray: "4 3", fillColor: "#4a90c2",
                  fillOpacity: 0.25 };
          },
          onEachFeature: function (feature, layer) {
            var p = feature.properties;
            var label = p["class"] === "hot" ? d.labelHot : d.labelCold;
            layer.bindTooltip(textLabel(label + ": " + String(p.count) + " (z = " +
              Number(p.z).toFixed(2) + ")"), { sticky: true });
          }
        });
        if (!toggle || toggle.checked) { hotLayer.addTo(map); }
      })
      .catch(function () { setStatus(d.labelError); });
  }
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) { loadHotspots(); } else if (hotLayer) { map.removeLayer(hotLayer); }
    });
  }
  if (d.hotspotsUrl && (!toggle || toggle.checked)) { loadHotspots(); }

  fetch(d.geojsonUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (data) {
      var layer = L.layerGroup();
      (data.features || []).forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var marker = L.circleMarker(L.latLng(c[1], c[0]), {
          radius: 4 + 2 * (feature.properties.impact || 1),
          color: "#7a1f00", weight: 2, fillColor: "#d4500f", fillOpacity: 0.6
        });
        marker.bindPopup(popup(feature.properties));
        layer.addLayer(marker);
      });
      layer.addTo(map);
      setStatus(d.labelLoaded + " " + String((data.features || []).length));
    })
    .catch(function () { setStatus(d.labelError); });
})();
