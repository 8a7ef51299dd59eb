/* Report form: Leaflet map for the spot, "use my position", time-mode toggles.
   Works without this file: every input stays visible and the server decides. */
(function () {
  "use strict";

  var form = document.getElementById("report-form");
  if (!form) { return; }

  // ---------------------------------------------------------------- time mode toggles
  var modeInputs = form.querySelectorAll("input[name=time_mode]");
  var groups = form.querySelectorAll("[data-time-mode]");
  function showMode() {
    var mode = "";
    modeInputs.forEach(function (input) { if (input.checked) { mode = input.value; } });
    if (!mode) { return; }
    groups.forEach(function (group) {
      var active = group.getAttribute("data-time-mode") === mode;
      group.hidden = !active;
      group.querySelectorAll("input, select").forEach(function (el) { el.disabled = !active; });
    });
  }
  modeInputs.forEach(function (input) { input.addEventListener("change", showMode); });
  showMode();

  // ---------------------------------------------------------------- map
  var mapEl = document.getElementById("report-map");
  var latInput = document.getElementById("id_lat");
  var lonInput = document.getElementById("id_lon");
  var placeSelect = document.getElementById("id_place");
  var areaSelect = document.getElementById("id_area");
  var status = document.getElementById("map-status");
  if (!mapEl || !latInput || !lonInput || typeof L === "undefined") { return; }

  var d = mapEl.dataset;
  function say(text) { if (status) { status.textContent = text || ""; } }
  function num(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    return isFinite(n) ? n : null;
  }

  mapEl.hidden = false;
  form.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });

  var map = L.map(mapEl, { scrollWheelZoom: false, tap: true });
  L.tileLayer(d.tileUrl, { attribution: d.attribution, maxZoom: 19 }).addTo(map);
  var bounds = L.latLngBounds([num(d.south), num(d.west)], [num(d.north), num(d.east)]);

  var areasLayer = null;
  var areasData = document.getElementById("areas-data");
  if (areasData) {
    try {
      areasLayer = L.geoJSON(JSON.parse(areasData.textContent), {
        style: { color: "#0b4f7c", weight: 2, fill: true, fillOpacity: 0.04 },
        interactive: false
      }).addTo(map);
    } catch (e) { areasLayer = null; }
  }

  var marker = null;
  function setMarker(lat, lon, opts) {
    opts = opts || {};
    var latlng = L.latLng(lat, lon);
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: true, title: d.textMarker, alt: d.textMarker });
      marker.on("dragend", function () {
        var p = marker.getLatLng();
        fillInputs(p.lat, p.lng);
        clearChoices();
        say(d.textSet);
      });
      marker.addTo(map);
    } else {
      marker.setLatLng(latlng);
    }
    if (opts.fill !== false) { fillInputs(lat, lon); }
    if (opts.pan) { map.setView(latlng, Math.max(map.getZoom(), 16)); }
  }
  function fillInputs(lat, lon) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
  }
  function removeMarker() {
    if (marker) { map.removeLayer(marker); marker = null; }
    latInput.value = "";
    lonInput.value = "";
  }
  function clearChoices() {
    if (placeSelect) { placeSelect.value = ""; }
    if (areaSelect) { areaSelect.value = ""; }
  }

  // first view: the marker, the previous spot of a batch, or the whole municipality
  var startLat = num(latInput.value), startLon = num(lonInput.value);
  if (startLat !== null && startLon !== null) {
    setMarker(startLat, startLon, { fill: false });
    map.setView([startLat, startLon], 16);
  } else if (num(d.centreLat) !== null && num(d.centreLon) !== null) {
    map.setView([num(d.centreLat), num(d.centreLon)], 15);
  } else if (bounds.isValid()) {
    map.fitBounds(bounds);
  } else {
    map.setView([62.0, 15.0], 4);
  }

  map.on("click", function (event) {
    setMarker(event.latlng.lat, event.latlng.lng);
    clearChoices();
    say(d.textSet);
  });

  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var lat = num(latInput.value), lon = num(lonInput.value);
      if (lat !== null && lon !== null) {
        setMarker(lat, lon, { fill: false, pan: true });
        clearChoices();
      }
    });
  });

  if (placeSelect) {
    placeSelect.addEventListener("change", function () {
      var option = placeSelect.options[placeSelect.selectedIndex];
      if (!placeSelect.value) { return; }
      removeMarker();
      if (areaSelect) { areaSelect.value = ""; }
      var lat = num(option.getAttribute("data-lat")), lon = num(option.getAttribute("data-lon"));
      if (lat !== null && lon !== null) { map.setView([lat, lon], 16); }
    });
  }
  if (areaSelect) {
    areaSelect.addEventListener("change", function () {
      if (!areaSelect.value) { return; }
      removeMarker();
      if (placeSelect) { placeSelect.value = ""; }
      if (areasLayer) {
        areasLayer.eachLayer(function (layer) {
          var props = layer.feature && layer.feature.properties;
          if (props && props.id === areaSelect.value) { map.fitBounds(layer.getBounds()); }
        });
      }
    });
  }

  var clearButton = document.getElementById("clear-marker");
  if (clearButton) {
    clearButton.addEventListener("click", function () { removeMarker(); say(d.textCleared); });
  }

  var positionButton = document.getElementById("use-position");
  if (positionButton) {
    if (!("geolocation" in navigator)) {
      positionButton.hidden = true;
    }
    positionButton.addEventListener("click", function () {
      say(d.textLocating);
      positionButton.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        positionButton.disabled = false;
        var lat = pos.coords.latitude, lon = pos.coords.longitude;
        setMarker(lat, lon, { pan: true });
        clearChoices();
        say(bounds.isValid() && !bounds.pad(0.05).contains([lat, lon]) ? d.textLocatedOutside : d.textLocated);
      }, function () {
        positionButton.disabled = false;
        say(d.textNoGeo);
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
})();
