// Small progressive enhancements; every page works without them.
(function () {
  'use strict';

  // Ask before destructive actions: forms marked .confirm-form with data-confirm, or the
  // one button of a form that carries data-confirm (a sheet's "Nộp", not its "Lưu nháp").
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var button = event.submitter;
    var message = null;
    if (button && button.hasAttribute('data-confirm')) message = button.getAttribute('data-confirm');
    else if (form.classList.contains('confirm-form')) message = form.getAttribute('data-confirm') || 'Bạn chắc chắn?';
    if (message === null) return;
    var total = form.querySelector('output#score-total');
    if (total && button && button.hasAttribute('data-confirm')) message = 'Tổng điểm: ' + total.textContent.trim() + '. ' + message;
    if (!window.confirm(message)) event.preventDefault();
  });

  // Running total of a score sheet as the reviewer types (points × weight; "8,5" or "8.5").
  // Only a guide: the server checks the points and computes the total it records.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-score-sheet]'), function (form) {
    var output = form.querySelector('output#score-total');
    var note = form.querySelector('#score-total-note');
    var inputs = form.querySelectorAll('input.score-input');
    if (!output || !inputs.length) return;
    var format = function (n) {
      return (Math.round(n * 100) / 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 });
    };
    var update = function () {
      var sum = 0;
      var unread = 0;
      Array.prototype.forEach.call(inputs, function (input) {
        var raw = input.value.trim().replace(/\s+/g, '');
        if (raw === '') return;
        var value = Number(raw.replace(',', '.'));
        var max = Number(input.getAttribute('data-max'));
        if (!/^\d+([.,]\d+)?$/.test(raw) || !isFinite(value) || value > max) { unread++; return; }
        sum += value * Number(input.getAttribute('data-weight') || 1);
      });
      output.innerHTML = '';
      var strong = document.createElement('strong');
      strong.textContent = format(sum);
      output.appendChild(strong);
      if (note) note.textContent = unread ? unread + ' ô điểm chưa hợp lệ (không tính vào tổng); tổng chính thức do hệ thống tính khi lưu.' : 'Tổng tạm tính khi bạn nhập; tổng chính thức do hệ thống tính khi lưu.';
    };
    form.addEventListener('input', function (event) {
      if (event.target instanceof HTMLInputElement && event.target.classList.contains('score-input')) update();
    });
    update();
  });

  // Bring the error summary into view and focus so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  // "Add a row" for repeated rows (authors, indicators): copy the last row, empty it,
  // and renumber the field names (rows[3][name]) and ids.
  Array.prototype.forEach.call(document.querySelectorAll('.add-row'), function (button) {
    var container = document.querySelector('.repeat-rows[data-row-name="' + button.getAttribute('data-target') + '"]');
    if (!container) return;
    button.classList.remove('d-none');
    button.addEventListener('click', function () {
      var rows = container.querySelectorAll('.repeat-row');
      var last = rows[rows.length - 1];
      var index = rows.length;
      var copy = last.cloneNode(true);
      var legend = copy.querySelector('legend');
      if (legend) legend.textContent = legend.textContent.replace(/\d+\s*$/, String(index + 1));
      Array.prototype.forEach.call(copy.querySelectorAll('[name],[id],[for],[aria-describedby]'), function (el) {
        ['name', 'id', 'for', 'aria-describedby'].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(/\[\d+\]/, '[' + index + ']'));
        });
        if (el.tagName === 'INPUT') { el.value = ''; el.classList.remove('is-invalid'); el.removeAttribute('aria-invalid'); }
      });
      Array.prototype.forEach.call(copy.querySelectorAll('.invalid-feedback'), function (el) { el.remove(); });
      container.appendChild(copy);
      var first = copy.querySelector('input');
      if (first) first.focus();
    });
  });

  // Upload progress: forms with files are sent with XMLHttpRequest to show progress;
  // the answer then replaces the page as a normal submission would.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-upload-progress]'), function (form) {
    form.addEventListener('submit', function (event) {
      if (event.defaultPrevented || !window.FormData || !window.XMLHttpRequest) return;
      var input = form.querySelector('input[type=file]');
      var total = 0;
      if (input && input.files) for (var k = 0; k < input.files.length; k++) total += input.files[k].size;
      if (total < 512 * 1024) return; // small files: a normal submission is quick enough
      event.preventDefault();
      var box = form.querySelector('.upload-progress');
      var bar = form.querySelector('progress');
      var text = form.querySelector('.upload-progress-text');
      if (box) box.classList.remove('d-none');
      var buttons = form.querySelectorAll('button[type=submit]');
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        if (bar) bar.value = pct;
        if (text) text.textContent = pct + '% (' + Math.round(e.loaded / 1048576) + '/' + Math.round(e.total / 1048576) + ' MB)';
      });
      xhr.addEventListener('load', function () {
        // The request followed the redirect and already fetched the next page (with its
        // one-time messages): show that page and its address, without loading it again.
        if (xhr.responseURL && xhr.responseURL.split('#')[0] !== form.action.split('#')[0]) {
          window.history.replaceState(null, '', xhr.responseURL);
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener('error', function () {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        if (text) text.textContent = 'Mất kết nối khi tải lên. Vui lòng thử lại.';
      });
      xhr.send(new FormData(form));
    });
  });
})();
