// Draws the charts listed in window.YUSUAN_CHARTS with Apache ECharts (SVG
// renderer, so they print sharply). Without ECharts the data tables remain.
(function () {
  "use strict";
  var specs = window.YUSUAN_CHARTS || [];
  if (typeof echarts === "undefined") { return; }
  var nf = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });
  function fmt(v, unit) { return nf.format(v) + " " + unit; }
  // wrap breaks a legend entry into lines of at most n characters (CJK
  // text breaks anywhere; ECharts does not wrap legend text).
  // A figure stays whole and keeps its %, and no line starts with
  // closing punctuation.
  function wrap(s, n) {
    var out = [], chars = Array.from(s), i = 0;
    var inFigure = /[0-9.,%]/, noStart = /[，。；：、）」%]/;
    while (chars.length - i > n) {
      var j = n;
      while (j > 1 && (noStart.test(chars[i + j]) || (inFigure.test(chars[i + j]) && /[0-9.,]/.test(chars[i + j - 1])))) { j--; }
      out.push(chars.slice(i, i + j).join(""));
      i += j;
    }
    out.push(chars.slice(i).join(""));
    return out.join("\n");
  }
  var drawn = [];
  specs.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) { return; }
    if (c.type === "bar") {
      el.style.height = Math.max(220, 36 * c.labels.length + 60) + "px";
    }
    var chart = echarts.init(el, null, { renderer: "svg" });
    var opt;
    if (c.type === "pie") {
      // Every slice is named in a legend that is never paged (a paged
      // legend hides names behind arrows, and prints that way), with the
      // share the narrative prints; the slices carry the share too.
      var share = function (i) { return c.shares && c.shares[i] !== undefined ? c.shares[i] + "%" : ""; };
      var phone = el.clientWidth < 500;
      // One legend entry a line, wrapped when long: every name whole.
      var perLine = Math.max(8, Math.floor((el.clientWidth - 48) / 13));
      var rows = 0;
      c.labels.forEach(function (l, i) { rows += wrap(l + "  " + share(i), perLine).split("\n").length; });
      var legendH = 18 * rows + 6 * c.labels.length + 8;
      var pieH = phone ? 240 : 280;
      el.style.height = (pieH + legendH) + "px";
      opt = {
        tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + fmt(p.value, c.unit) + "（" + share(p.dataIndex) + "）"; } },
        legend: {
          type: "plain", orient: "vertical", bottom: 0, left: 0, itemGap: 6,
          itemWidth: 12, itemHeight: 12,
          formatter: function (name) { return wrap(name + "  " + share(c.labels.indexOf(name)), perLine); },
          textStyle: { lineHeight: 18 }
        },
        series: [{
          type: "pie", radius: [Math.round(pieH * 0.17), Math.round(pieH * 0.36)], center: ["50%", pieH / 2],
          label: phone
            ? { position: "inside", color: "#fff", formatter: function (p) { return p.percent >= 5 ? share(p.dataIndex) : ""; } }
            : { formatter: function (p) { return share(p.dataIndex); } },
          data: c.labels.map(function (l, i) { return { name: l, value: c.series[0].values[i] }; })
        }]
      };
    } else if (c.type === "bar") {
      opt = {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, c.unit); } },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { hideOverlap: true, formatter: function (v) { return nf.format(v); } } },
        yAxis: { type: "category", inverse: true, data: c.labels, axisLabel: { width: Math.min(220, Math.round(el.clientWidth * 0.42)), overflow: "break", lineHeight: 14 } },
        series: c.series.map(function (s) { return { type: "bar", name: s.name, data: s.values }; })
      };
    } else {
      var slot = Math.floor((el.clientWidth - 60) / c.labels.length);
      opt = {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, c.unit); } },
        legend: { top: 0 },
        grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: c.labels, axisLabel: slot >= 72
          ? { interval: 0, width: slot - 8, overflow: "breakAll", lineHeight: 14 }
          : { interval: 0, rotate: 35, width: 120, overflow: "breakAll", lineHeight: 14 } },
        yAxis: { type: "value", name: c.unit },
        series: c.series.map(function (s) { return { type: "bar", name: s.name, data: s.values }; })
      };
    }
    // The page gives each chart its accessible name (title and figures);
    // ECharts' own aria would overwrite it.
    opt.aria = { enabled: false };
    opt.animation = false;
    chart.setOption(opt);
    el.setAttribute("data-rendered", "true");
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
