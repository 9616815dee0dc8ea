// New automation: only the chosen action's fieldset is shown, the others hidden and disabled (a
// disabled fieldset's fields are not posted). Without JavaScript every action's fields stay shown
// and the server reads only the chosen one's. Served from 'self' (the CSP allows no inline script).
(function () {
  var select = document.querySelector('select[data-blocks]');
  if (!select) { return; }
  var fieldsets = document.querySelectorAll('fieldset[data-block]');
  function show() {
    fieldsets.forEach(function (fieldset) {
      var chosen = fieldset.getAttribute('data-block') === select.value;
      fieldset.hidden = !chosen;
      fieldset.disabled = !chosen;
    });
  }
  select.addEventListener('change', show);
  show();
})();
