/*
 * Draws every ECharts chart on the page.
 *
 * A chart is an element with data-chart="ID", where ID names a <script type="application/json">
 * written by Django's json_script: the ECharts option built in Python (web/charts.py). This
 * file only adds what JSON cannot carry: number formatting in the page's language and resizing.
 * It runs on page load and again after htmx swaps content in.
 */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "zh-hans";
  var numberFormat = new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN", {
    maximumFractionDigits: 2,
  });

  function formatNumber(value) {
    var number = Number(value);
    return isFinite(number) ? numberFormat.format(number) : String(value);
  }

  function withFormatting(option) {
    var font = window.getComputedStyle(document.body).fontFamily;
    option.textStyle = Object.assign({ fontFamily: font }, option.textStyle || {});
    option.tooltip = Object.assign({ valueFormatter: formatNumber }, option.tooltip || {});
    (option.yAxis || []).forEach(function (axis) {
      axis.axisLabel = Object.assign({ formatter: formatNumber }, axis.axisLabel || {});
    });
    (option.series || []).forEach(function (series) {
      if (series.label && series.label.show) {
        // An empty stage needs no "0" floating on the axis.
        series.label.formatter = function (params) {
          return Number(params.value) === 0 ? "" : formatNumber(params.value);
        };
      }
    });
    return option;
  }

  function draw(element) {
    if (!window.echarts || element.dataset.chartDrawn === "true") {
      return;
    }
    var source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(withFormatting(JSON.parse(source.textContent)));
    element.dataset.chartDrawn = "true";
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        chart.resize();
      }).observe(element);
    }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    drawAll(event.target);
  });
})();
