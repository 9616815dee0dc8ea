// Pipeline board: a card dropped on another column posts the card's own "Move to" form (its CSRF
// token included) with fetch, and moves into that column once the server says it moved. The form
// itself is the keyboard and no-JavaScript way; the result is announced in #board-status.
// Served from 'self' (the CSP allows no inline script).
(function () {
  var board = document.querySelector('[data-board]');
  if (!board) { return; }
  var status = document.getElementById('board-status');
  var dragged = null;

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function recount() {
    board.querySelectorAll('[data-stage]').forEach(function (column) {
      var count = column.querySelector('[data-count]');
      if (count) { count.textContent = column.querySelectorAll('[data-card]').length; }
    });
  }

  function move(card, column) {
    if (card.closest('[data-stage]') === column) { return; }
    var form = card.querySelector('form[data-move]');
    var select = form.querySelector('select[name=stage]');
    var data = new URLSearchParams(new FormData(form));
    data.set('stage', column.getAttribute('data-stage'));
    card.setAttribute('aria-busy', 'true');
    fetch(form.action, {
      method: 'POST', body: data, credentials: 'same-origin',
      headers: {'X-Requested-With': 'fetch'}
    }).then(function (response) {
      if (response.ok) {
        column.querySelector('[data-cards]').prepend(card);
        select.value = column.getAttribute('data-stage');
        recount();
        say((status && status.getAttribute('data-moved') || 'Moved to') + ' '
            + column.querySelector('h2 span').textContent);
        return;
      }
      // The page's refusal is a line of text; anything else (a sign-in page, an error page) is not shown.
      var plain = (response.headers.get('Content-Type') || '').indexOf('text/plain') === 0;
      return (plain ? response.text() : Promise.resolve(String(response.status))).then(function (why) {
        say((status && status.getAttribute('data-failed') || 'Not moved:') + ' ' + why);
      });
    }).catch(function () {
      say(status && status.getAttribute('data-failed') || 'Not moved');
    }).finally(function () {
      card.removeAttribute('aria-busy');
    });
  }

  board.addEventListener('dragstart', function (event) {
    var card = event.target.closest && event.target.closest('[data-card]');
    if (!card) { return; }
    dragged = card;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', card.id);
    card.classList.add('dragging');
  });
  board.addEventListener('dragend', function () {
    if (dragged) { dragged.classList.remove('dragging'); }
    dragged = null;
    board.querySelectorAll('.drop-target').forEach(function (c) { c.classList.remove('drop-target'); });
  });
  board.addEventListener('dragover', function (event) {
    var column = event.target.closest && event.target.closest('[data-stage]');
    if (!column || !dragged) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    board.querySelectorAll('.drop-target').forEach(function (c) { if (c !== column) { c.classList.remove('drop-target'); } });
    column.classList.add('drop-target');
  });
  board.addEventListener('drop', function (event) {
    var column = event.target.closest && event.target.closest('[data-stage]');
    if (!column || !dragged) { return; }
    event.preventDefault();
    column.classList.remove('drop-target');
    move(dragged, column);
  });
})();
