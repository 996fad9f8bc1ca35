/* oracle-kb: the graph of the knowledge pages (the Graph page) and the small graph of a page's neighbours
 * at the end of each knowledge page. The layout is computed at build time (kb/graph.json); this script only
 * draws it. The data is fetched once per visit: instant navigation keeps this script's state. */
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

  function prepare(data) {
    var adj = data.nodes.map(function () { return []; });
    for (var i = 0; i < data.edges.length; i += 2) {
      adj[data.edges[i]].push(data.edges[i + 1]);
      adj[data.edges[i + 1]].push(data.edges[i]);
    }
    data.adj = adj;
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

  /* A knowledge page: the page in the middle, the pages it links to and from on a ring around it. */
  function drawLocal(box, data, root) {
    var here = location.pathname;
    var me = -1;
    for (var i = 0; i < data.nodes.length; i++) {
      if (new URL(data.nodes[i][4], root).pathname === here) { me = i; break; }
    }
    if (me < 0 || !data.adj[me].length) { box.hidden = true; return; }
    var near = data.adj[me].slice().sort(function (a, b) { return data.adj[b].length - data.adj[a].length; });
    var shown = near.slice(0, 16);
    var svg = svgEl("svg", { viewBox: "0 0 400 260", class: "okb-local__svg", role: "img",
      "aria-label": near.length + " linked pages" }, box);
    var at = {};
    at[me] = [200, 130];
    shown.forEach(function (j, k) {
      var a = 2 * Math.PI * k / shown.length - Math.PI / 2;
      at[j] = [200 + 150 * Math.cos(a), 130 + 100 * Math.sin(a)];
    });
    var d = [];
    shown.forEach(function (j) {
      d.push("M200 130L" + at[j][0].toFixed(1) + " " + at[j][1].toFixed(1));
      data.adj[j].forEach(function (k) {
        if (k > j && at[k] && k !== me) d.push("M" + at[j][0].toFixed(1) + " " + at[j][1].toFixed(1) + "L" + at[k][0].toFixed(1) + " " + at[k][1].toFixed(1));
      });
    });
    svgEl("path", { d: d.join(""), class: "okb-graph__edges" }, svg);
    shown.concat([me]).forEach(function (j) {
      var a = nodeLink(svg, data, root, j, at[j][0], at[j][1], j === me ? 9 : 6);
      var t = data.nodes[j][3];
      var text = svgEl("text", { x: at[j][0], y: at[j][1] + (j === me ? 22 : 16), class: "okb-local__label" }, a);
      text.textContent = t.length > 28 ? t.slice(0, 27) + "…" : t;
    });
    if (near.length > shown.length) {
      var more = document.createElement("p");
      more.textContent = "and " + (near.length - shown.length) + " more linked pages";
      box.appendChild(more);
    }
  }

  function init() {
    document.querySelectorAll("[data-okb-graph]").forEach(function (box) {
      if (box.getAttribute("data-okb-drawn")) return;
      box.setAttribute("data-okb-drawn", "1");
      var url = new URL(box.getAttribute("data-okb-graph"), location.href).href;
      load(url).then(function (data) {
        var root = new URL(data.root, url);
        if (box.classList.contains("okb-local")) drawLocal(box, data, root);
        else drawGlobal(box, data, root);
      }).catch(function (err) {
        box.textContent = "The graph could not be loaded (" + err.message + ").";
      });
    });
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
