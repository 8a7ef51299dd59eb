/* Administration maps (settings pages): show areas, draw an area polygon, pick a place.
 *
 * The map element #admin-map carries data-mode = "areas" | "draw" | "pick" and the tile
 * settings; the kommun outline and the active areas come from json_script blocks
 * #map-outline and #map-areas. No inline script (strict CSP).
 */
(function () {
  "use strict";

  var el = document.getElementById("admin-map");
  if (!el || typeof L === "undefined") { return; }

  var BRAND = "#0b4f7c";
  var DRAW = "#a4161a";

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function round6(x) { return Math.round(x * 1e6) / 1e6; }

  // Text shown in a tooltip: an element holding a text node, never a string (Leaflet inserts
  // strings as HTML, and area and place names come from imported data).
  function textLabel(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span;
  }

  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.dataset.tileUrl, {
    attribution: el.dataset.tileAttribution, maxZoom: 19
  }).addTo(map);

  var outline = readJSON("map-outline");
  var outlineLayer = null;
  if (outline && outline.type) {
    outlineLayer = L.geoJSON(outline, {
      interactive: false,
      style: { color: "#4a5561", weight: 2, dashArray: "6 4", fill: false }
    }).addTo(map);
  }

  var areas = readJSON("map-areas");
  var areaLayer = null;
  if (areas && areas.features && areas.features.length) {
    areaLayer = L.geoJSON(areas, {
      style: { color: BRAND, weight: 2, fillOpacity: 0.12 },
      onEachFeature: function (feature, layer) {
        var name = feature.properties && feature.properties.name;
        if (name) {
          layer.bindTooltip(textLabel(name), {
            permanent: el.dataset.mode === "areas", direction: "center", className: "area-label"
          });
        }
      }
    }).addTo(map);
  }

  function fitDefault() {
    if (el.dataset.mode === "areas" && areaLayer) {
      map.fitBounds(areaLayer.getBounds(), { padding: [20, 20] });
    } else if (outlineLayer && outlineLayer.getBounds().isValid()) {
      map.fitBounds(outlineLayer.getBounds());
    } else if (areaLayer) {
      map.fitBounds(areaLayer.getBounds(), { padding: [20, 20] });
    } else {
      map.setView([62.0, 16.0], 5);
    }
  }
  fitDefault();

  // ------------------------------------------------------------------------------------------
  // Draw: click adds a corner; the polygon closes itself; fills the GeoJSON textarea.
  function setupDraw() {
    var input = document.getElementById(el.dataset.input);
    var status = document.getElementById(el.dataset.status);
    var undo = document.getElementById("draw-undo");
    var clear = document.getElementById("draw-clear");
    if (!input) { return; }
    var points = [];            // [lat, lng] corners being drawn
    var shapeLayer = null;      // the polygon / line being drawn
    var fixedLayer = null;      // a pasted shape that is not a simple polygon
    var corners = L.layerGroup().addTo(map);

    function say(text) { if (status) { status.textContent = text; } }

    function describe() {
      var text = (el.dataset.msgCount || "") + " " + String(points.length) + ".";
      if (points.length > 0 && points.length < 3) { text += " " + (el.dataset.msgMore || ""); }
      say(text);
    }

    function toGeoJSON() {
      if (points.length < 3) { return ""; }
      var ring = points.map(function (p) { return [round6(p[1]), round6(p[0])]; });
      ring.push(ring[0].slice());
      return JSON.stringify({ type: "Polygon", coordinates: [ring] });
    }

    function clearFixed() {
      if (fixedLayer) { map.removeLayer(fixedLayer); fixedLayer = null; }
    }

    function render(updateInput) {
      if (shapeLayer) { map.removeLayer(shapeLayer); shapeLayer = null; }
      corners.clearLayers();
      var style = { color: DRAW, weight: 3, fillOpacity: 0.2 };
      if (points.length >= 3) {
        shapeLayer = L.polygon(points, style).addTo(map);
      } else if (points.length === 2) {
        shapeLayer = L.polyline(points, style).addTo(map);
      }
      points.forEach(function (p) {
        L.circleMarker(p, { radius: 5, color: DRAW, fillColor: "#fff", fillOpacity: 1,
                            weight: 2, interactive: false }).addTo(corners);
      });
      if (updateInput) { input.value = toGeoJSON(); }
      describe();
    }

    function geometryOf(obj) {
      if (!obj || typeof obj !== "object") { return null; }
      if (obj.type === "Feature") { return obj.geometry; }
      if (obj.type === "FeatureCollection" && obj.features && obj.features.length === 1) {
        return obj.features[0].geometry;
      }
      return obj;
    }

    // Show what is in the textarea (pasted or posted back); returns bounds or null.
    function loadFromInput() {
      var text = (input.value || "").trim();
      if (!text) { return null; }
      var geom;
      try { geom = geometryOf(JSON.parse(text)); } catch (e) { return null; }
      if (!geom || !geom.coordinates) { return null; }
      clearFixed();
      points = [];
      if (geom.type === "Polygon" && geom.coordinates.length === 1) {
        var ring = geom.coordinates[0].map(function (c) { return [c[1], c[0]]; });
        if (ring.length > 1) {
          var a = ring[0], b = ring[ring.length - 1];
          if (a[0] === b[0] && a[1] === b[1]) { ring.pop(); }
        }
        points = ring;
        render(false);
        return shapeLayer ? shapeLayer.getBounds() : null;
      }
      if (geom.type === "Polygon" || geom.type === "MultiPolygon") {
        render(false);
        try {
          fixedLayer = L.geoJSON(geom, { style: { color: DRAW, weight: 3, fillOpacity: 0.2 } })
            .addTo(map);
          say(el.dataset.msgPasted || "");
          return fixedLayer.getBounds();
        } catch (e) { return null; }
      }
      return null;
    }

    map.on("click", function (e) {
      clearFixed();
      points.push([e.latlng.lat, e.latlng.lng]);
      render(true);
    });
    if (undo) {
      undo.addEventListener("click", function () {
        clearFixed();
        points.pop();
        render(true);
      });
    }
    if (clear) {
      clear.addEventListener("click", function () {
        clearFixed();
        points = [];
        render(true);
      });
    }
    input.addEventListener("change", function () {
      var bounds = loadFromInput();
      if (bounds && bounds.isValid()) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 }); }
    });

    var initial = loadFromInput();
    if (initial && initial.isValid()) {
      // show the kommun border too when the shape reaches outside it (e.g. after an error)
      var view = L.latLngBounds(initial.getSouthWest(), initial.getNorthEast());
      if (outlineLayer && !outlineLayer.getBounds().contains(view)) {
        view.extend(outlineLayer.getBounds());
      }
      map.fitBounds(view, { padding: [30, 30], maxZoom: 16 });
    } else {
      describe();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Pick: click sets the point and fills latitude/longitude; typing moves the marker.
  function setupPick() {
    var lat = document.getElementById(el.dataset.lat);
    var lon = document.getElementById(el.dataset.lon);
    if (!lat || !lon) { return; }
    var marker = null;

    function put(latlng) {
      if (!marker) { marker = L.marker(latlng, { keyboard: false }).addTo(map); }
      else { marker.setLatLng(latlng); }
    }

    function fromInputs() {
      var a = parseFloat(String(lat.value).replace(",", "."));
      var b = parseFloat(String(lon.value).replace(",", "."));
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        put([a, b]);
        return L.latLng(a, b);
      }
      return null;
    }

    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      put(e.latlng);
    });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () {
        var p = fromInputs();
        if (p) { map.setView(p, Math.max(map.getZoom(), 14)); }
      });
    });
    var start = fromInputs();
    if (start) { map.setView(start, 15); }
  }

  if (el.dataset.mode === "draw") { setupDraw(); }
  if (el.dataset.mode === "pick") { setupPick(); }
})();
