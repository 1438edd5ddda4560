// Draws every <figure class="chart" data-chart="ID"> with Chart.js from the JSON in the script
// element #ID (core/charts.py says what the kinds mean). The page's own table carries the same
// numbers; without JavaScript the figure is hidden (no-js.css).
(function () {
  "use strict";

  var GREY = "#707070"; // 4.9:1 on white: bars meet the 3:1 contrast for graphics
  var REFERENCE = "#b0001e";

  function cssVariable(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  // Chart.js draws one line per array item: long proposal titles wrap instead of taking the
  // whole width of a phone.
  function wrap(text, width) {
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  function barsConfig(spec, area, accent, narrow) {
    var lines = spec.labels.map(function (label, index) {
      var wrapped = wrap(label, narrow ? 18 : 40);
      return spec.notes ? wrapped.concat([spec.notes[index]]) : wrapped;
    });
    var rowHeight = 22;
    var height = lines.reduce(function (sum, label) {
      return sum + Math.max(label.length * rowHeight, 32) + 12;
    }, 72);
    area.style.height = height + "px"; // CSSOM, not an inline style attribute: the CSP allows it
    return {
      type: "bar",
      data: {
        labels: lines,
        datasets: [
          {
            label: spec.value_label,
            data: spec.values,
            backgroundColor: spec.highlighted.map(function (on) {
              return on ? accent : GREY;
            }),
          },
        ],
      },
      options: {
        indexAxis: "y",
        plugins: {
          legend: {
            labels: {
              generateLabels: function () {
                return [
                  { text: spec.highlight_label, fillStyle: accent, strokeStyle: accent },
                  { text: spec.other_label, fillStyle: GREY, strokeStyle: GREY },
                ];
              },
            },
          },
        },
        scales: {
          x: { beginAtZero: true, title: { display: true, text: spec.value_label } },
          y: { ticks: { autoSkip: false } },
        },
      },
    };
  }

  function percent(value) {
    return value + " %";
  }

  function intervalsConfig(spec, area, accent, narrow) {
    area.style.height = "340px";
    return {
      type: "barWithErrorBars",
      data: {
        labels: spec.labels.map(function (label) {
          return narrow ? wrap(label, 10) : label;
        }),
        datasets: [
          {
            label: spec.value_label,
            data: spec.points,
            backgroundColor: accent,
            errorBarColor: "#1a1a1a",
            errorBarWhiskerColor: "#1a1a1a",
            errorBarLineWidth: 2,
            errorBarWhiskerLineWidth: 2,
            order: 1,
          },
          {
            type: "line",
            label: spec.reference_label,
            data: spec.labels.map(function () {
              return spec.reference;
            }),
            borderColor: REFERENCE,
            backgroundColor: REFERENCE,
            borderDash: [6, 4],
            borderWidth: 2,
            pointRadius: 0,
            order: 0, // drawn over the bars
          },
        ],
      },
      options: {
        scales: {
          y: { min: 0, max: 100, ticks: { callback: percent } },
        },
        plugins: {
          legend: {
            labels: {
              sort: function (a, b) {
                return a.datasetIndex - b.datasetIndex; // the bars first, whatever is drawn on top
              },
            },
          },
          tooltip: {
            callbacks: {
              label: function (item) {
                var raw = item.raw;
                if (raw && typeof raw === "object") {
                  return item.dataset.label + ": " + raw.y + " % (" + raw.yMin + "-" + raw.yMax + " %)";
                }
                return item.dataset.label + ": " + percent(raw);
              },
            },
          },
        },
      },
    };
  }

  function draw(figure) {
    var spec = JSON.parse(document.getElementById(figure.dataset.chart).textContent);
    var canvas = figure.querySelector("canvas");
    var area = figure.querySelector(".chart-area");
    var accent = cssVariable("--accent", "#0b5394");
    var narrow = figure.clientWidth < 576;
    var config =
      spec.kind === "intervals"
        ? intervalsConfig(spec, area, accent, narrow)
        : barsConfig(spec, area, accent, narrow);
    config.options.locale = document.documentElement.lang || "da";
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.options.animation = false; // nothing moves (WCAG 2.3.3), and a screenshot is final
    figure.chart = new window.Chart(canvas, config);
    figure.classList.add("is-drawn");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figures = document.querySelectorAll("figure.chart[data-chart]");
    if (!figures.length || !window.Chart) {
      return;
    }
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#1a1a1a";
    if (window.ChartErrorBars) {
      window.Chart.register(
        window.ChartErrorBars.BarWithErrorBarsController,
        window.ChartErrorBars.BarWithErrorBar
      );
    }
    figures.forEach(draw);
  });
})();
