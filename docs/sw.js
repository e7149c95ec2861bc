/*
 * TRD Hub's service worker: the crisis pages work offline after one visit (issue 19).
 *
 * Registered by javascripts/offline.js from the site root, so its scope is the whole
 * site. It keeps ONE cache, holding only:
 *   - the crisis pages (CRISIS_PAGES): get-help-now/ as soon as the worker is installed,
 *     after the first page a reader opens has loaded (PRECACHE); 988/ and ayuda/ once the
 *     reader has opened them. All three at once would add about 30 kB (gzip) to a first
 *     visit; get-help-now/ alone adds about 14 kB, and sw.js 2 kB;
 *   - what those pages link to that the numbers need: their stylesheets, their icon, and
 *     the hub's own scripts (javascripts/, e.g. the banner's country choice). Not
 *     Material's script bundle or search: the pages show every number without them.
 * Nothing else is ever stored: no other page, nothing from another host, no POST, no
 * address with a query string (so nothing a reader types into search), no failed
 * response. Crisis pages and their files are network-first: online, the reader gets the
 * live page and the cache is refreshed; offline, the cached copy. Offline, any other
 * page opens the cached crisis page instead, so a returning reader still gets the numbers.
 *
 * docs/about/privacy.md tells readers what the cache holds and how to clear it.
 */
"use strict";

var CACHE = "trd-hub-offline-v1"; // the keep tools' Delete leaves "trd-hub-offline-*" (public pages only)
var CRISIS_PAGES = ["get-help-now/", "988/", "ayuda/"];
var PRECACHE = ["get-help-now/"];
var FALLBACK = "get-help-now/";

var scope = self.registration.scope; // the site root, ending in "/"
function absolute(list) {
  return list.map(function (page) {
    return new URL(page, scope).href;
  });
}
var pages = absolute(CRISIS_PAGES);
var precache = absolute(PRECACHE);

function sameSite(url) {
  return url.origin === location.origin && url.href.indexOf(scope) === 0;
}

// The files a crisis page needs, from its HTML: stylesheets, icons, and the hub's own
// scripts (under javascripts/), on this site only, without query strings.
function filesOf(html, pageUrl) {
  var found = [];
  var tags = html.match(/<(link|script)\b[^>]*>/gi) || [];
  tags.forEach(function (tag) {
    var href = /\b(?:href|src)="([^"]+)"/i.exec(tag);
    if (!href) return;
    var isScript = /^<script/i.test(tag);
    var rel = /\brel="([^"]+)"/i.exec(tag);
    if (!isScript && !(rel && /\b(stylesheet|icon)\b/i.test(rel[1]))) return;
    var url = new URL(href[1].replace(/&amp;/g, "&"), pageUrl);
    if (!sameSite(url) || url.search || url.hash) return;
    if (isScript && url.href.indexOf(new URL("javascripts/", scope).href) !== 0) return;
    found.push(url.href);
  });
  return found;
}

function isCacheable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

// Fetch the PRECACHE pages and their files into the cache; then drop every entry that is
// neither a crisis page nor a file of a cached crisis page (an old stylesheet after an update).
function refresh() {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(
      precache.map(function (page) {
        return fetch(page, { cache: "no-cache" }).then(function (response) {
          if (!isCacheable(response)) return;
          return cache.put(page, response.clone()).then(function () {
            return storeMissingFiles(cache, page, response);
          });
        });
      }),
    )
      .then(function () {
        return Promise.all(
          pages.map(function (page) {
            return cache.match(page).then(function (cached) {
              return cached ? cached.text().then(function (html) {
                return [page].concat(filesOf(html, page));
              }) : [];
            });
          }),
        );
      })
      .then(function (lists) {
        var keep = [].concat.apply([], lists);
        return cache.keys().then(function (requests) {
          return Promise.all(
            requests.map(function (request) {
              if (keep.indexOf(request.url) === -1) return cache.delete(request);
            }),
          );
        });
      });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    refresh().then(function () {
      return self.skipWaiting();
    }),
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names.map(function (name) {
            if (name !== CACHE) return caches.delete(name);
          }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

// After a crisis page arrives from the network: store the files it now links to that the
// cache lacks (a new script of the banner, a stylesheet after an update).
function storeMissingFiles(cache, page, response) {
  return response.text().then(function (html) {
    return Promise.all(
      filesOf(html, page).map(function (file) {
        return cache.match(file).then(function (found) {
          if (found) return;
          return fetch(file).then(function (fileResponse) {
            if (isCacheable(fileResponse)) return cache.put(file, fileResponse);
          });
        });
      }),
    );
  });
}

// The network first; what arrives is stored (never with a query string), and the cache
// answers when the network cannot.
function networkFirst(event, cache, plain, cached) {
  var request = event.request;
  var isPage = pages.indexOf(plain) !== -1;
  var hasQuery = new URL(request.url).search !== "";
  return fetch(request)
    .then(function (response) {
      if (!hasQuery && isCacheable(response)) {
        var copy = response.clone();
        event.waitUntil(
          cache.put(plain, copy.clone()).then(function () {
            if (isPage) return storeMissingFiles(cache, plain, copy);
          }),
        );
      }
      return response;
    })
    .catch(function (error) {
      return cached || offlinePage(request, cache, error);
    });
}

// Offline, a page that is not stored opens the stored crisis page instead.
function offlinePage(request, cache, error) {
  if (request.mode !== "navigate") throw error;
  var fallback = new URL(FALLBACK, scope).href;
  return cache.match(fallback).then(function (page) {
    if (!page) throw error;
    return Response.redirect(fallback, 302);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return; // never a POST (the hub has none)
  var url = new URL(request.url);
  if (!sameSite(url)) return; // another host: not ours to cache
  var plain = url.origin + url.pathname; // the address without query or fragment
  var isPage = pages.indexOf(plain) !== -1;
  var isFile = ["style", "script", "image"].indexOf(request.destination) !== -1;
  // Everything else (the search index, other files) goes to the network untouched.
  if (!isPage && !isFile && request.mode !== "navigate") return;

  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(plain).then(function (cached) {
        if (isPage || cached) return networkFirst(event, cache, plain, cached);
        // Any other page or file: the network only, never stored. Offline, a page
        // opens the cached crisis page instead.
        return fetch(request).catch(function (error) {
          return offlinePage(request, cache, error);
        });
      });
    }),
  );
});
