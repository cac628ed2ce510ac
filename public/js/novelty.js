// The novelty check while drafting: as the author types the title, the summary (thực trạng)
// or the solution, asks the server for similar earlier initiatives and shows them under the
// first section. Only a help: the page works without it (the list shows after "Lưu").
(function () {
  'use strict';
  var box = document.querySelector('[data-novelty-url]');
  if (!box || !window.fetch) return;
  var form = box.closest('form');
  if (!form) return;
  var fields = ['title', 'problem', 'solution']
    .map(function (name) { return form.querySelector('[name="' + name + '"]'); })
    .filter(Boolean);
  var timer = null;
  var last = null;
  var seq = 0;
  var check = function () {
    var params = new URLSearchParams();
    fields.forEach(function (f) { params.set(f.name, f.value.slice(0, 2000)); });
    var except = box.getAttribute('data-except');
    if (except) params.set('except', except);
    var query = params.toString();
    if (query === last) return;
    last = query;
    var typed = fields.map(function (f) { return f.value; }).join(' ').trim();
    if (typed.split(/\s+/).length < 2) return;
    var mine = ++seq;
    box.setAttribute('aria-busy', 'true');
    fetch(box.getAttribute('data-novelty-url') + '?' + query, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (html) {
        // The fragment is the server's own page piece (every typed text escaped by it).
        if (html !== null && mine === seq) box.querySelector('[data-novelty-list]').innerHTML = html;
      })
      .catch(function () { /* never blocks: the list simply stays as it was */ })
      .then(function () { if (mine === seq) box.removeAttribute('aria-busy'); });
  };
  fields.forEach(function (f) {
    f.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 700);
    });
  });
})();
