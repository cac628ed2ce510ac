// Print buttons of the printable pages (certificate, minutes): no inline script.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('.print-button'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });
})();
