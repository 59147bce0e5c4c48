/* The HTML site's script: the sidebar from toc.js (one shared file, not a copy in every page),
   and the search over search-index.js (built with the book; loaded on first use). No request
   leaves the site, and every page works without it. */
(function () {
  'use strict';
  var here = location.pathname.split('/').pop() || 'index.html';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  /* The sidebar: every chapter, and the sections of the one being read. */
  function sidebar() {
    var nav = document.getElementById('sidebar');
    var toc = window.BOOK_TOC;
    if (!nav || !toc) return;
    function list(items, depth) {
      var ol = el('ol');
      items.forEach(function (item) {
        var page = item.h.split('#')[0];
        var link = el('a', { href: item.h }, [item.t]);
        var li = el('li', {}, [link]);
        var current = page === here;
        if (current && depth === 1) link.setAttribute('aria-current', 'page');
        if (item.c && item.c.length && (current || depth > 1)) li.append(list(item.c, depth + 1));
        ol.append(li);
      });
      return ol;
    }
    nav.append(el('p', { class: 'sidebar-title' }, [el('a', { href: 'index.html' }, [toc.title])]), list(toc.items, 1));
    var current = nav.querySelector('[aria-current="page"]');
    if (current && current.scrollIntoView) current.scrollIntoView({ block: 'center' });
    var toggle = document.querySelector('.sidebar-toggle');
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener('click', function () {
        var open = document.body.classList.toggle('sidebar-open');
        toggle.setAttribute('aria-expanded', String(open));
      });
    }
  }

  /* Search: text folded (case, accents, width) so that any script matches; every word must match. */
  function fold(text) {
    return text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  }

  /* The text with the first match of the word marked; a snippet around it when `around` is set. */
  function marked(text, word, around) {
    var at = fold(text).indexOf(word);
    var out = el('span', { class: around ? 'search-snippet' : 'search-title' });
    if (at < 0) {
      out.textContent = around ? text.slice(0, 140) + (text.length > 140 ? '…' : '') : text;
      return out;
    }
    var start = around ? Math.max(0, at - 60) : 0;
    var end = around ? Math.min(text.length, at + word.length + 80) : text.length;
    out.append(
      (start > 0 ? '…' : '') + text.slice(start, at),
      el('mark', {}, [text.slice(at, at + word.length)]),
      text.slice(at + word.length, end) + (end < text.length ? '…' : ''),
    );
    return out;
  }

  function search() {
    var input = document.getElementById('search-input');
    var results = document.getElementById('search-results');
    if (!input || !results) return;
    var loading = null;
    function load() {
      if (window.BOOK_SEARCH) return Promise.resolve(window.BOOK_SEARCH);
      if (!loading) {
        loading = new Promise(function (resolve) {
          var script = el('script', { src: 'search-index.js' });
          script.onload = function () {
            window.BOOK_SEARCH.forEach(function (entry) {
              entry.f = fold(entry.t + '\n' + entry.x);
            });
            resolve(window.BOOK_SEARCH);
          };
          document.head.append(script);
        });
      }
      return loading;
    }
    function show() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      results.replaceChildren();
      if (!words.length) {
        results.hidden = true;
        return;
      }
      load().then(function (index) {
        if (fold(input.value).split(/\s+/).filter(Boolean).join(' ') !== words.join(' ')) return;
        var found = index.filter(function (entry) {
          return words.every(function (w) {
            return entry.f.indexOf(w) >= 0;
          });
        });
        found.sort(function (a, b) {
          return (fold(b.t).indexOf(words[0]) >= 0) - (fold(a.t).indexOf(words[0]) >= 0);
        });
        results.replaceChildren();
        results.hidden = false;
        if (!found.length) {
          results.append(
            el('p', { class: 'search-none' }, [
              (input.getAttribute('data-no-results') || 'No results for “{query}”').replace(
                '{query}',
                input.value.trim(),
              ),
            ]),
          );
          return;
        }
        var ul = el('ul');
        found.slice(0, 20).forEach(function (entry) {
          ul.append(
            el('li', {}, [
              el('a', { href: entry.h }, [
                el('strong', {}, [marked(entry.t, words[0], false)]),
                marked(entry.x, words[0], true),
              ]),
            ]),
          );
        });
        results.append(
          el('p', { class: 'search-count' }, [found.length + (found.length === 1 ? ' result' : ' results')]),
          ul,
        );
      });
    }
    input.addEventListener('input', show);
    input.addEventListener('focus', load);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        input.value = '';
        show();
      }
    });
  }

  sidebar();
  search();
})();
