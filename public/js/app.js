// Small progressive enhancements; every page works without them.
(function () {
  'use strict';
  // Ask before destructive actions (forms marked .confirm-form with data-confirm).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.classList.contains('confirm-form')) {
      if (!window.confirm(form.getAttribute('data-confirm') || 'Bạn chắc chắn?')) event.preventDefault();
    }
  });
  // Bring the error summary into view and focus so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
