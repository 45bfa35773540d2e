// Search as you type: the header's search box shows the first operations and schemas while typing; Enter still
// submits the form to /search for the full list. Results are built with DOM methods (textContent), never as HTML.
(function () {
  'use strict';
  var form = document.querySelector('form[role="search"]');
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var list = document.getElementById('suggest');
  if (!input || !list) return;
  var timer = 0;
  var seq = 0;
  var active = -1;

  function highlighted(text) {
    var out = document.createDocumentFragment();
    text.split(/(«[^»]*»)/).forEach(function (part) {
      if (!part) return;
      if (part.charAt(0) === '«' && part.charAt(part.length - 1) === '»') {
        var m = document.createElement('mark');
        m.textContent = part.slice(1, -1);
        out.appendChild(m);
      } else out.appendChild(document.createTextNode(part));
    });
    return out;
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function show(items, query) {
    list.textContent = '';
    items.forEach(function (hit, i) {
      var li = document.createElement('li');
      li.setAttribute('role', 'presentation');
      var a = document.createElement('a');
      a.id = 'suggest-' + i;
      a.setAttribute('role', 'option');
      var version = '/apis/' + encodeURIComponent(hit.apiId) + '/versions/' + encodeURIComponent(hit.version);
      a.href =
        hit.kind === 'schema'
          ? version + '#' + encodeURIComponent('schema-' + hit.name)
          : version + '/operations?key=' + encodeURIComponent(hit.name);
      a.appendChild(highlighted(hit.snippet || hit.name));
      var meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = ' · ' + hit.apiTitle + (hit.kind === 'schema' ? ' (schema)' : '');
      a.appendChild(meta);
      li.appendChild(a);
      list.appendChild(li);
    });
    var more = document.createElement('li');
    more.setAttribute('role', 'presentation');
    var all = document.createElement('a');
    all.setAttribute('role', 'option');
    all.id = 'suggest-' + items.length;
    all.href = '/search?q=' + encodeURIComponent(query);
    all.textContent = items.length
      ? 'All results for “' + query + '”'
      : 'No operation or schema matches; search APIs';
    more.appendChild(all);
    list.appendChild(more);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  function lookup() {
    var query = input.value.trim();
    if (query.length < 2) return close();
    var mine = ++seq;
    fetch('/api/search?limit=8&q=' + encodeURIComponent(query), { headers: { accept: 'application/json' } })
      .then(function (r) {
        return r.ok ? r.json() : { items: [] };
      })
      .then(function (body) {
        if (mine === seq) show(body.items || [], query);
      })
      .catch(close);
  }

  function move(step) {
    var options = list.querySelectorAll('a[role="option"]');
    if (list.hidden || !options.length) return;
    if (active >= 0) options[active].removeAttribute('aria-selected');
    active = (active + step + options.length) % options.length;
    options[active].setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', options[active].id);
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      list.querySelectorAll('a[role="option"]')[active].click();
    }
  });
  document.addEventListener('click', function (e) {
    if (!form.contains(e.target)) close();
  });

  // The version picker and filters work as plain forms; with script they apply on change.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () {
      if (select.form) select.form.submit();
    });
  });
})();
