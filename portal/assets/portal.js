// Draws each page's bar charts from the JSON beside them with Apache
// ECharts (SVG). The table under every chart holds the same figures, so
// the page reads the same without script. Parts of a page that htmx
// brings in (a form's results) are drawn as they arrive.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  function draw(root) {
    var nodes = root.querySelectorAll(".chart-canvas");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.getAttribute("data-drawn")) { continue; }
      var data = node.parentNode.querySelector(".chart-data");
      if (!data) { continue; }
      var spec;
      try { spec = JSON.parse(data.textContent); } catch (e) { continue; }
      node.setAttribute("data-drawn", "1");
      var chart = echarts.init(node, null, { renderer: "svg" });
      // containLabel leaves the bars' value labels out: keep room for the
      // longest one on the right, or a phone cuts it off.
      var longest = 0;
      for (var j = 0; j < spec.values.length; j++) {
        longest = Math.max(longest, Number(spec.values[j]).toLocaleString("zh-CN").length);
      }
      chart.setOption({
        title: { text: spec.title, left: 0, textStyle: { fontSize: 14 } },
        grid: { left: 8, right: 16 + 7 * longest, top: 36, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v.toLocaleString("zh-CN") + " 万元"; } },
        xAxis: { type: "value", axisLabel: { hideOverlap: true, formatter: function (v) { return v.toLocaleString("zh-CN"); } } },
        yAxis: { type: "category", inverse: true, data: spec.labels, axisLabel: { width: 140, overflow: "truncate" } },
        series: [{ type: "bar", data: spec.values, itemStyle: { color: "#b3261e" }, label: { show: true, position: "right", formatter: function (p) { return p.value.toLocaleString("zh-CN"); } } }],
        aria: { enabled: false }
      });
      window.addEventListener("resize", chart.resize);
    }
  }
  draw(document);
  if (typeof htmx !== "undefined") { htmx.onLoad(draw); }
}());
