// Keyboard-first review. Loaded as a file (the CSP allows no inline script); reads only data-* attributes
// written by the server and never inserts page text as HTML.
(function () {
  'use strict';
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  }
  var verbs = { c: 'confirm', d: 'dismiss', n: 'needs-info' };

  function queue() {
    var table = document.getElementById('queue');
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-id]'));
    var at = Math.min(parseInt(table.getAttribute('data-cursor') || '0', 10) || 0, rows.length - 1);
    var live = document.getElementById('queue-live');
    // Screen readers hear where the cursor went: "Row 2 of 5: title, score 0,97, status" (the template is the page's language).
    function show(announce) {
      rows.forEach(function (r, i) {
        r.classList.toggle('current', i === at);
        if (i === at) r.setAttribute('aria-current', 'true'); else r.removeAttribute('aria-current');
      });
      var row = rows[at];
      if (!row) return;
      row.scrollIntoView({ block: 'nearest' });
      if (announce && live) {
        var cells = row.querySelectorAll('td');
        live.textContent = (live.getAttribute('data-row') || '{0}/{1}')
          .replace('{0}', String(at + 1)).replace('{1}', String(rows.length))
          .replace('{2}', row.querySelector('a.open').textContent)
          .replace('{3}', cells[1].textContent).replace('{4}', cells[cells.length - 1].textContent);
      }
    }
    var all = document.getElementById('tick-all');
    if (all) all.addEventListener('change', function () {
      rows.forEach(function (r) { r.querySelector('input[type=checkbox]').checked = all.checked; });
    });
    document.addEventListener('keydown', function (e) {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || rows.length === 0) return;
      var row = rows[at];
      if (e.key === 'j') { at = Math.min(at + 1, rows.length - 1); show(true); }
      else if (e.key === 'k') { at = Math.max(at - 1, 0); show(true); }
      else if (e.key === 'x') { var box = row.querySelector('input[type=checkbox]'); box.checked = !box.checked; }
      else if (e.key === 'o' || e.key === 'Enter') { window.location.href = row.querySelector('a.open').href; }
      else if (verbs[e.key]) {
        var form = document.getElementById('decide-one');
        form.elements.id.value = row.getAttribute('data-id');
        form.elements.version.value = row.getAttribute('data-version');
        form.elements.verb.value = verbs[e.key];
        form.elements.cursor.value = String(at);
        form.submit();
      }
      else if (e.key === '/') { var s = document.getElementById('filter-seller'); if (s) { e.preventDefault(); s.focus(); } }
      else return;
      e.preventDefault();
    });
    show(false);
  }

  function listing() {
    var page = document.getElementById('listing');
    if (!page) return;
    document.addEventListener('keydown', function (e) {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      var go = e.key === 'j' ? page.getAttribute('data-next') : e.key === 'k' ? page.getAttribute('data-prev') : null;
      if (go) { window.location.href = go; e.preventDefault(); return; }
      if (e.key === 'u') { window.location.href = '/'; e.preventDefault(); return; }
      if (verbs[e.key]) { document.getElementById(verbs[e.key]).click(); e.preventDefault(); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () { queue(); listing(); });
})();
