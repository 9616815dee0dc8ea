// Copy buttons: <button data-copy="ID"> copies the text of the element with that id, and says so
// in the page's polite live region (#copied) for screen readers. Served from 'self' (the CSP allows
// no inline script).
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-copy]');
  if (!button) { return; }
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source) { return; }
  var text = source.textContent.trim();
  var done = function () {
    var label = button.getAttribute('data-copied') || (document.documentElement.lang === 'fr' ? 'Copié' : 'Copied');
    var live = document.getElementById('copied');
    if (live) { live.textContent = label; }
    button.setAttribute('data-state', 'copied');
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { select(source); });
  } else {
    select(source);
    try { document.execCommand('copy'); done(); } catch (e) { /* the text stays selected for the user to copy */ }
  }
});

function select(element) {
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
