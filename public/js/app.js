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
    // A button that posts the form elsewhere (formaction) without consequence asks nothing.
    if (button && button.hasAttribute('data-no-confirm')) return;
    // A score sheet whose boxes are marked invalid is not offered for submission: the first
    // such box gets the focus (its message is beside it) instead of a confirmation.
    if (form.hasAttribute('data-score-sheet') && button && button.hasAttribute('data-confirm')) {
      var invalid = form.querySelector('.score-input.is-invalid');
      if (invalid) {
        event.preventDefault();
        invalid.focus();
        return;
      }
    }
    if (button && button.hasAttribute('data-confirm')) message = button.getAttribute('data-confirm');
    else if (form.classList.contains('confirm-form')) message = form.getAttribute('data-confirm') || 'Bạn chắc chắn?';
    if (message === null) return;
    var total = form.querySelector('output#score-total');
    if (total && button && button.hasAttribute('data-confirm')) message = 'Tổng điểm: ' + total.textContent.trim() + '. ' + message;
    if (!window.confirm(message)) event.preventDefault();
  });

  // Running total of a score sheet as the reviewer types (points × weight; "8,5" or "8.5").
  // Only a guide: the server checks the points and computes the total it records. A box
  // that cannot count is marked (is-invalid, aria-invalid, a message beside it naming the
  // criterion, as the server words it) and named in the note under the total.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-score-sheet]'), function (form) {
    var output = form.querySelector('output#score-total');
    var note = form.querySelector('#score-total-note');
    var inputs = form.querySelectorAll('input.score-input');
    if (!output || !inputs.length) return;
    var format = function (n) {
      return (Math.round(n * 100) / 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 });
    };
    // What is wrong with a box's points (null when nothing is), and their value when they count.
    var check = function (input) {
      var raw = input.value.trim().replace(/\s+/g, '');
      if (raw === '') return { value: null, error: null };
      var name = input.getAttribute('data-criterion') || 'Điểm';
      var max = Number(input.getAttribute('data-max'));
      var maxLabel = input.getAttribute('data-max-label') || String(max).replace('.', ',');
      if (!/^-?\d+([.,]\d*)?$/.test(raw)) return { value: null, error: name + ': điểm phải là một số (ví dụ 8 hoặc 8,5).' };
      var value = Number(raw.replace(',', '.'));
      if (!isFinite(value) || value < 0 || value > max) return { value: null, error: name + ': điểm phải từ 0 đến ' + maxLabel + '.' };
      if (Math.round(value * 2) !== value * 2) return { value: null, error: name + ': chỉ cho điểm nguyên hoặc nửa điểm (ví dụ 25 hoặc 25,5).' };
      return { value: value, error: null };
    };
    // The message beside a box: the server's one when the page came back with it, else made here.
    var messageOf = function (input, create) {
      var id = input.id + '-error';
      var el = document.getElementById(id);
      if (el || !create) return el;
      var row = input.closest('.row');
      if (!row) return null;
      var col = document.createElement('div');
      col.className = 'col-12';
      el = document.createElement('div');
      el.className = 'invalid-feedback d-block mt-0';
      el.id = id;
      col.appendChild(el);
      row.appendChild(col);
      return el;
    };
    var mark = function (input, error) {
      var message = messageOf(input, !!error);
      if (error) {
        input.classList.add('is-invalid');
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', message ? message.id : '');
        if (message) { message.textContent = error; message.hidden = false; }
        input.setAttribute('data-client-invalid', '1');
      } else {
        input.classList.remove('is-invalid');
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
        if (message) { message.textContent = ''; message.hidden = true; }
        input.removeAttribute('data-client-invalid');
      }
    };
    // `edited`: the box just typed in. A box is cleared only once typed in (or when this
    // script marked it), so the server's messages (e.g. points missing) stay until then.
    var update = function (edited) {
      var sum = 0;
      var errors = [];
      Array.prototype.forEach.call(inputs, function (input) {
        var result = check(input);
        if (result.error) {
          errors.push(result.error);
          mark(input, result.error);
        } else if (input === edited || input.hasAttribute('data-client-invalid')) {
          mark(input, null);
        }
        if (result.value !== null) sum += result.value * Number(input.getAttribute('data-weight') || 1);
      });
      output.innerHTML = '';
      var strong = document.createElement('strong');
      strong.textContent = format(sum);
      output.appendChild(strong);
      if (note) {
        note.textContent = errors.length
          ? errors.join(' ') + ' Ô điểm chưa hợp lệ không được tính vào tổng; tổng chính thức do hệ thống tính khi lưu.'
          : 'Tổng tạm tính khi bạn nhập; tổng chính thức do hệ thống tính khi lưu.';
      }
    };
    form.addEventListener('input', function (event) {
      if (event.target instanceof HTMLInputElement && event.target.classList.contains('score-input')) update(event.target);
    });
    update(null);
  });

  // Folded on a narrow screen (the list's filters behind "Lọc"): open without this script.
  Array.prototype.forEach.call(document.querySelectorAll('details[data-fold-below]'), function (details) {
    if (window.innerWidth < Number(details.getAttribute('data-fold-below'))) details.open = false;
  });
  // A menu of exports closes when Escape is pressed or something else is clicked.
  document.addEventListener('click', function (event) {
    Array.prototype.forEach.call(document.querySelectorAll('details.export-menu[open]'), function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    Array.prototype.forEach.call(document.querySelectorAll('details.export-menu[open]'), function (menu) {
      menu.open = false;
      menu.querySelector('summary').focus();
    });
  });

  // A form's parts that only one choice of its status needs (an adoption report: the date
  // when adopted, the reason when not): shown for that choice, or while they hold an error.
  Array.prototype.forEach.call(document.querySelectorAll('form'), function (form) {
    var status = form.querySelector('select[name="status"]');
    var parts = form.querySelectorAll('[data-when-status]');
    if (!status || !parts.length) return;
    var show = function () {
      Array.prototype.forEach.call(parts, function (part) {
        part.hidden = part.getAttribute('data-when-status') !== status.value && !part.querySelector('.is-invalid');
      });
    };
    status.addEventListener('change', show);
    show();
  });

  // Bring the error summary into view and focus so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  // "Add a row" for repeated rows (authors, indicators): copy the last row, empty it,
  // and renumber the field names (rows[3][name]) and ids. Without this script the button
  // posts the form, which comes back with one more row and nothing saved.
  Array.prototype.forEach.call(document.querySelectorAll('.add-row'), function (button) {
    var container = document.querySelector('.repeat-rows[data-row-name="' + button.getAttribute('data-target') + '"]');
    if (!container) return;
    button.addEventListener('click', function (event) {
      event.preventDefault();
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
