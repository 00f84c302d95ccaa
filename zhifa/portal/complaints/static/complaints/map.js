/* The complaint form's map: the districts of the jurisdiction drawn from GeoJSON served by this site
   (no tile server, no external request); a click or tap marks the place and fills lat/lng. Without
   JavaScript the map stays hidden and the address field is used. */
(function () {
  "use strict";
  var summary = document.getElementById("form-message");
  if (summary) { summary.focus(); }  // after a refused submission, start at the list of problems
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var lat = document.getElementById("id_lat");
  var lng = document.getElementById("id_lng");
  var status = document.getElementById("map-status");
  var clear = document.getElementById("map-clear");
  el.hidden = false;
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, minZoom: 8, maxZoom: 18 });
  window.zhifaComplaintMap = map;
  var marker = null;
  var names = null;

  function place(latlng, announce) {
    if (marker) { marker.setLatLng(latlng); } else {
      marker = L.circleMarker(latlng, { radius: 9, color: "#8a1c12", weight: 3, fillColor: "#b42318", fillOpacity: 0.9 }).addTo(map);
    }
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    clear.hidden = false;
    if (announce) {
      status.textContent = "已选择位置：纬度 " + lat.value + "，经度 " + lng.value + (names ? "（" + names + "）" : "");
    }
  }

  fetch(el.getAttribute("data-geojson"), { credentials: "omit" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: { color: "#1d4f91", weight: 1.5, fillColor: "#cfdcee", fillOpacity: 0.55 },
        onEachFeature: function (feature, l) {
          l.bindTooltip(feature.properties.name, { sticky: true });
          l.on("click", function () { names = feature.properties.name; });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      if (lat.value && lng.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lng.value)), false); }
      el.setAttribute("data-ready", "1");
    })
    .catch(function () {
      el.hidden = true;
      status.textContent = "地图加载失败，请填写地址。";
    });

  map.on("click", function (e) {
    // the district's own click (which names it) runs before the map's
    window.setTimeout(function () { place(e.latlng, true); names = null; }, 0);
  });
  clear.addEventListener("click", function () {
    if (marker) { map.removeLayer(marker); marker = null; }
    lat.value = ""; lng.value = ""; clear.hidden = true;
    status.textContent = "已清除地图选点。";
  });
})();
