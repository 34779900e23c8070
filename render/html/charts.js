// Draws the charts listed in window.YUSUAN_CHARTS with Apache ECharts (SVG
// renderer, so they print sharply). Without ECharts the data tables remain.
(function () {
  "use strict";
  var specs = window.YUSUAN_CHARTS || [];
  if (typeof echarts === "undefined") { return; }
  var nf = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });
  function fmt(v, unit) { return nf.format(v) + " " + unit; }
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
      opt = {
        tooltip: { trigger: "item", valueFormatter: function (v) { return fmt(v, c.unit); } },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: "pie", radius: ["30%", "62%"], center: ["50%", "45%"],
          // On a phone the labels go inside the slices, large slices only.
          label: el.clientWidth < 500
            ? { position: "inside", color: "#fff", formatter: function (p) { return p.percent >= 5 ? p.percent + "%" : ""; } }
            : { formatter: "{d}%" },
          data: c.labels.map(function (l, i) { return { name: l, value: c.series[0].values[i] }; })
        }]
      };
    } else if (c.type === "bar") {
      opt = {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, c.unit); } },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { formatter: function (v) { return nf.format(v); } } },
        yAxis: { type: "category", inverse: true, data: c.labels, axisLabel: { width: 150, overflow: "truncate" } },
        series: c.series.map(function (s) { return { type: "bar", name: s.name, data: s.values }; })
      };
    } else {
      opt = {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, c.unit); } },
        legend: { top: 0 },
        grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: c.labels, axisLabel: { interval: 0, rotate: c.labels.length > 4 ? 30 : 0, width: 90, overflow: "truncate" } },
        yAxis: { type: "value", name: c.unit },
        series: c.series.map(function (s) { return { type: "bar", name: s.name, data: s.values }; })
      };
    }
    opt.aria = { enabled: true };
    opt.animation = false;
    chart.setOption(opt);
    el.setAttribute("data-rendered", "true");
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
