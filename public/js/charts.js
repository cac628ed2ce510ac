// Draws the charts of a page from their data-chart attribute (no inline script).
(function () {
  'use strict';
  if (!window.Chart) return;
  Array.prototype.forEach.call(document.querySelectorAll('canvas.chart[data-chart]'), function (canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    var type = canvas.getAttribute('data-chart-type') || 'bar';
    new window.Chart(canvas, {
      type: type,
      data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.data, backgroundColor: '#0b4f8a', borderColor: '#0b4f8a', fill: false, tension: 0.2 }] },
      options: {
        // Numbers on the axes and in tooltips as Vietnamese write them (1.234), whatever the browser's language.
        locale: 'vi-VN',
        indexAxis: type === 'bar' ? 'y' : 'x',
        plugins: { legend: { display: type !== 'bar' } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        animation: false,
      },
    });
  });
})();
