/**
 * The script the preview adds to every page it serves: it listens for rebuilds (server-sent
 * events, asked for with the page it shows, as `book.html` is made at once only when shown); when its page changed it
 * fetches the new page and swaps in its text (a full reload
 * only when the style sheet or scripts changed), keeping the scroll position; it tells the server
 * when the new page is shown (for the save-to-reload time), and shows manuscript errors in an
 * overlay over the last good page.
 */
export const clientScript = `(function () {
  'use strict';
  var page = location.pathname.split('/').pop() || 'index.html';
  var key = 'book-preview:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    var state = JSON.parse(saved);
    window.scrollTo(0, state.y);
    shown(state.build);
  }
  function overlay(lines) {
    var box = document.getElementById('book-preview-overlay');
    if (!lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement('div');
      box.id = 'book-preview-overlay';
      box.setAttribute('role', 'alert');
      box.style.cssText =
        'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;' +
        'padding:1rem 1.25rem;background:#2b0d0d;color:#ffd9d9;font:13px/1.5 monospace;' +
        'border-top:3px solid #e5484d;white-space:pre-wrap';
      document.body.append(box);
    }
    box.textContent = 'The last change has errors; this page is the last good build.\\n\\n' + lines.join('\\n');
  }
  function shown(build) {
    requestAnimationFrame(function () {
      var query = '?build=' + build + '&page=' + encodeURIComponent(page) + '&at=' + Date.now();
      fetch('/__preview/shown' + query).catch(function () {});
    });
  }
  function reload(build) {
    sessionStorage.setItem(key, JSON.stringify({ y: window.scrollY, build: build }));
    location.reload();
  }
  /* The new page's <main> and title in place of the old: no scripts or styles to load again. */
  function swap(build) {
    fetch(location.pathname, { cache: 'no-store' }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var next = new DOMParser().parseFromString(html, 'text/html');
      var main = document.querySelector('main');
      var fresh = next.querySelector('main');
      if (!main || !fresh) return reload(build);
      var y = window.scrollY;
      main.replaceWith(document.adoptNode(fresh));
      document.title = next.title;
      window.scrollTo(0, y);
      shown(build);
    }).catch(function () { reload(build); });
  }
  var events = new EventSource('/__preview/events?page=' + encodeURIComponent(page));
  events.addEventListener('reload', function (event) {
    var data = JSON.parse(event.data);
    overlay([]);
    if (data.all) return reload(data.build);
    if (data.pages.indexOf(page) >= 0) swap(data.build);
  });
  events.addEventListener('problems', function (event) { overlay(JSON.parse(event.data)); });
})();
`;
