/*
 * TRD Hub's two additions to Material's search. Loaded on every page, deferred, just
 * before Material's bundle (overrides/main.html), so it runs first.
 *
 * 1. Search on demand. Material 9.8.1 starts search as soon as a page loads: it creates
 *    its search worker (the `search` URL in #__config) and requests
 *    search/search_index.json with XMLHttpRequest, about 100 kB before the reader has
 *    touched search. Here both wait until the reader opens search: focus on the search
 *    box, a tap or click on the search icon, the / s f shortcuts, or a ?q= link (all of
 *    which open Material's search toggle). Until then the worker is a stand-in that keeps
 *    Material's messages, and the index request is held after open(). Both patches are
 *    undone when the page has finished loading (DOMContentLoaded, after Material's bundle
 *    has made its one worker and its one request), so no later script sees them; instant
 *    navigation keeps the same worker and index, so the index loads once per visit.
 *    Material defers search itself on file:// pages, so nothing is changed there.
 *
 * 2. Crisis first. When the query contains a phrase listed in macros/data/crisis.yml
 *    (search_phrases, copied below by `make sync`; the build fails while they differ),
 *    the link to the crisis page for that phrase's language (kept hidden in
 *    overrides/partials/search-dialog.html) is shown above the results, in a status region so
 *    screen readers announce it. It needs no index, so it shows even
 *    before the index has loaded. It is also the first result for the arrow keys and for
 *    Enter (its score is Infinity in Material's data-md-score). Phrases match as whole
 *    words, ignoring case, accents and apostrophes (macros/models.py phrase_words() is
 *    the same rule in Python).
 */
(function () {
  "use strict";

  var configElement = document.getElementById("__config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var base = new URL(config.base, location.href);

  /* ── 1. Search on demand ─────────────────────────────────────────────── */

  var RealWorker = window.Worker;
  var realOpen = XMLHttpRequest.prototype.open;
  var canDefer =
    location.protocol !== "file:" &&
    typeof config.search === "string" &&
    typeof RealWorker === "function" &&
    typeof EventTarget === "function";
  var searchOpen = !canDefer;
  var waiting = []; // what to start when search opens

  function openSearch() {
    if (searchOpen) return;
    searchOpen = true;
    waiting.splice(0).forEach(function (start) {
      start();
    });
  }

  function sameFile(a, b) {
    var x = new URL(String(a), location.href);
    var y = new URL(String(b), location.href);
    return x.origin === y.origin && x.pathname === y.pathname;
  }

  // A stand-in for Material's search worker: it keeps the messages Material sends and the
  // listeners it adds (an EventTarget), and makes the real worker when search opens.
  function DeferredWorker(url, options) {
    if (searchOpen || !sameFile(url, new URL(config.search, base))) {
      return new RealWorker(url, options);
    }
    // Resolved now: after instant navigation, a relative URL would resolve against another page.
    var absolute = new URL(String(url), location.href).href;
    var standIn = new EventTarget();
    var queue = [];
    var worker = null;
    function forward(event) {
      standIn.dispatchEvent(new MessageEvent(event.type, { data: event.data }));
    }
    standIn.postMessage = function (message) {
      if (worker) worker.postMessage(message);
      else queue.push(message);
    };
    standIn.terminate = function () {
      queue = [];
      if (worker) worker.terminate();
    };
    waiting.push(function () {
      worker = new RealWorker(absolute, options);
      worker.addEventListener("message", forward);
      worker.addEventListener("messageerror", forward);
      worker.addEventListener("error", function () {
        standIn.dispatchEvent(new Event("error"));
      });
      queue.splice(0).forEach(function (message) {
        worker.postMessage(message);
      });
    });
    return standIn;
  }

  // Holds the send() of the one request for the search index until search opens.
  function deferredOpen(method, url) {
    if (!searchOpen && sameFile(url, new URL("search/search_index.json", base))) {
      var request = this;
      request.send = function () {
        var args = arguments;
        delete request.send; // back to XMLHttpRequest.prototype.send
        waiting.push(function () {
          request.send.apply(request, args);
        });
      };
    }
    return realOpen.apply(this, arguments);
  }

  function undoPatches() {
    if (window.Worker === DeferredWorker) window.Worker = RealWorker;
    if (XMLHttpRequest.prototype.open === deferredOpen) XMLHttpRequest.prototype.open = realOpen;
  }

  if (!searchOpen) {
    DeferredWorker.prototype = RealWorker.prototype;
    window.Worker = DeferredWorker;
    XMLHttpRequest.prototype.open = deferredOpen;
    document.addEventListener("DOMContentLoaded", undoPatches);

    // Material opens search by clicking its toggle (#__search), whatever the reader did;
    // focus and pointerdown come a little earlier and start the downloads sooner.
    document.addEventListener(
      "change",
      function (event) {
        if (event.target.getAttribute("data-md-toggle") === "search" && event.target.checked) openSearch();
      },
      true,
    );
    document.addEventListener(
      "focusin",
      function (event) {
        if (event.target.matches && event.target.matches("[data-md-component=search-query]")) openSearch();
      },
      true,
    );
    document.addEventListener(
      "pointerdown",
      function (event) {
        if (event.target.closest && event.target.closest("label[for=__search]")) openSearch();
      },
      true,
    );
  }

  /* ── 2. Crisis first ─────────────────────────────────────────────────── */

  // >>> generated by `make sync` from macros/data/crisis.yml: edit that file, not this block
  var CRISIS_PHRASES = {"en": ["suicide", "suicidal", "sucide", "suicde", "suiside", "kill myself", "killing myself", "kms", "end my life", "ending my life", "end it all", "take my own life", "taking my own life", "want to die", "wants to die", "wanting to die", "wanna die", "wish I was dead", "wish I were dead", "better off dead", "don't want to live", "don't want to be alive", "no reason to live", "unalive", "self harm", "self-harming", "hurt myself", "hurting myself", "cutting myself", "overdose"], "es": ["suicidio", "suicida", "suicidarme", "quitarme la vida", "quitarse la vida", "matarme", "quiero morir", "no quiero vivir", "ayuda", "l\u00ednea de crisis"]};
  // <<< end of generated block

  // Lower case, no accents, no apostrophes, words separated by single spaces, padded:
  // "Línea de  crisis" -> " linea de crisis ", "Don't" -> " dont ".
  function words(text) {
    return (
      " " +
      text
        .toLowerCase()
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/['\u2019]/g, "")
        .replace(/[^a-z0-9]+/g, " ")
        .trim() +
      " "
    );
  }

  function setUpCrisisLink() {
    var region = document.querySelector("[data-trd-search-crisis]");
    var query = document.querySelector("[data-md-component=search-query]");
    if (!region || !query) return;
    // One template per language, in the order the phrases are checked (English first).
    var store = document.querySelector("[data-trd-search-crisis-links]");
    var links = Array.prototype.map.call(store.querySelectorAll("a[data-lang]"), function (link) {
      return {
        phrases: (CRISIS_PHRASES[link.getAttribute("data-lang")] || []).map(words),
        link: link,
      };
    });
    var shown = null;

    function update() {
      var value = words(query.value);
      var match = null;
      for (var i = 0; i < links.length && !match; i++) {
        if (
          links[i].phrases.some(function (phrase) {
            return value.indexOf(phrase) !== -1;
          })
        ) {
          match = links[i].link;
        }
      }
      if (match === shown) return;
      if (shown) store.appendChild(shown); // back out of sight
      if (match) region.appendChild(match); // inserted into the status region: announced
      shown = match;
    }

    query.addEventListener("input", update);
    // A ?q= link fills the box without an input event: Material opens search, then sets
    // the value and focuses the box, all in one task.
    query.addEventListener("focus", update);
    document.addEventListener("change", function (event) {
      if (event.target.getAttribute("data-md-toggle") === "search") setTimeout(update);
    });
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpCrisisLink);
  else setUpCrisisLink();
})();
