/* oracle-kb: the graph of the knowledge pages (the "Graph of pages" page). The layout is computed at build
 * time (kb/graph.json); this script only draws it. The data is fetched once per visit: instant navigation
 * keeps this script's state. (A knowledge page's own small graph is inline SVG, drawn at build time.) */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#3f51b5", "#e65100", "#2e7d32", "#ad1457", "#00838f", "#6d4c41", "#5e35b1", "#9e9d24",
    "#c62828", "#0277bd", "#558b2f", "#ef6c00", "#4e342e", "#00695c", "#6a1b9a", "#37474f"];
  var loads = {};

  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      }).then(prepare);
    }
    return loads[url];
  }

  /* links: per node, its higher-numbered neighbours as base-36 gaps (see oracle_kb/render/graph.py) */
  function prepare(data) {
    var adj = data.nodes.map(function () { return []; });
    var edges = [];
    data.links.split(";").forEach(function (list, a) {
      if (!list) return;
      var b = a;
      list.split(",").forEach(function (gap) {
        b += parseInt(gap, 36);
        adj[a].push(b);
        adj[b].push(a);
        edges.push(a, b);
      });
    });
    data.adj = adj;
    data.edges = edges;
    return data;
  }

  function svgEl(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function colour(t) { return PALETTE[t % PALETTE.length]; }
  /* Dots sized to the drawing: big on a small oracle, small at 2,000 pages; more links, bigger dot. */
  function radius(data, i) {
    var base = Math.min(9, Math.max(2.5, 170 / Math.sqrt(data.nodes.length)));
    return base + Math.min(Math.sqrt(data.adj[i].length) * 0.6, base);
  }

  function nodeLink(parent, data, root, i, x, y, r) {
    var n = data.nodes[i];
    var a = svgEl("a", {}, parent);
    // xlink:href, not href: Material's instant navigation assigns el.href on every [href], which SVG links refuse
    a.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", new URL(n[4], root).href);
    var c = svgEl("circle", { cx: x, cy: y, r: r, fill: colour(n[2]), "data-node": i }, a);
    svgEl("title", {}, c).textContent = n[3];
    return a;
  }

  function edgesPath(data, pairs) {
    var d = [];
    for (var k = 0; k < pairs.length; k += 2) {
      var a = data.nodes[pairs[k]], b = data.nodes[pairs[k + 1]];
      d.push("M" + a[0] + " " + a[1] + "L" + b[0] + " " + b[1]);
    }
    return d.join("");
  }

  function legend(box, data, counts) {
    var ul = document.createElement("ul");
    ul.className = "okb-graph__legend";
    data.topics.forEach(function (t, i) {
      var li = document.createElement("li");
      var dot = document.createElement("span");
      dot.className = "okb-graph__dot";
      dot.style.background = colour(i);
      li.appendChild(dot);
      li.appendChild(document.createTextNode(" " + (t || "(oracle root)") + " (" + (counts[i] || 0) + ")"));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  /* The Graph page: every page, every link, topics in colour; hover shows a page's links, wheel zooms. */
  function drawGlobal(box, data, root) {
    var svg = svgEl("svg", { viewBox: "0 0 1000 1000", class: "okb-graph__svg", role: "img",
      "aria-label": data.nodes.length + " knowledge pages and their links" }, box);
    svgEl("path", { d: edgesPath(data, data.edges), class: "okb-graph__edges" }, svg);
    var hi = svgEl("path", { d: "", class: "okb-graph__edges okb-graph__edges--hi" }, svg);
    var g = svgEl("g", { class: "okb-graph__nodes" }, svg);
    var counts = {};
    data.nodes.forEach(function (n, i) {
      counts[n[2]] = (counts[n[2]] || 0) + 1;
      nodeLink(g, data, root, i, n[0], n[1], radius(data, i));
    });
    if (data.nodes.length <= 60) {  // few pages: name them all
      var names = svgEl("g", { class: "okb-graph__names" }, svg);
      data.nodes.forEach(function (n, i) {
        var t = svgEl("text", { x: n[0], y: n[1] + radius(data, i) + 14 }, names);
        t.textContent = n[3].length > 32 ? n[3].slice(0, 31) + "…" : n[3];
      });
    }
    var label = svgEl("text", { class: "okb-graph__label", x: 0, y: 0 }, svg);
    g.addEventListener("mouseover", function (ev) {
      var i = ev.target.getAttribute && ev.target.getAttribute("data-node");
      if (i === null || i === undefined) return;
      var pairs = [];
      data.adj[i].forEach(function (j) { pairs.push(+i, j); });
      hi.setAttribute("d", edgesPath(data, pairs));
      var n = data.nodes[i];
      label.textContent = n[3];
      label.setAttribute("x", n[0] + 8);
      label.setAttribute("y", n[1] - 8);
    });
    g.addEventListener("mouseout", function () { hi.setAttribute("d", ""); label.textContent = ""; });
    zoomable(svg);
    legend(box, data, counts);
  }

  function zoomable(svg) {
    var vb = [0, 0, 1000, 1000], drag = null;
    function set() { svg.setAttribute("viewBox", vb.join(" ")); }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect();
      var px = vb[0] + (ev.clientX - r.left) / r.width * vb[2];
      var py = vb[1] + (ev.clientY - r.top) / r.height * vb[3];
      var f = ev.deltaY > 0 ? 1.2 : 1 / 1.2;
      var w = Math.min(Math.max(vb[2] * f, 60), 1000);
      f = w / vb[2];
      vb = [px - (px - vb[0]) * f, py - (py - vb[1]) * f, w, w];
      set();
    }, { passive: false });
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.tagName !== "svg" && ev.target.tagName !== "path") return;
      drag = [ev.clientX, ev.clientY, vb[0], vb[1]];
    });
    window.addEventListener("pointerup", function () { drag = null; });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      vb[0] = drag[2] - (ev.clientX - drag[0]) / r.width * vb[2];
      vb[1] = drag[3] - (ev.clientY - drag[1]) / r.height * vb[3];
      set();
    });
  }

  function init() {
    document.querySelectorAll("[data-okb-graph]").forEach(function (box) {
      if (box.getAttribute("data-okb-drawn")) return;
      box.setAttribute("data-okb-drawn", "1");
      var url = new URL(box.getAttribute("data-okb-graph"), location.href).href;
      load(url).then(function (data) {
        var root = new URL(data.root, url);
        drawGlobal(box, data, root);
      }).catch(function (err) {
        box.textContent = "The graph could not be loaded (" + err.message + ").";
      });
    });
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
