/*
 * Registers TRD Hub's service worker (sw.js at the site root), which keeps the crisis
 * pages, and only them, for when the network is gone (issue 19; what it stores and how
 * to clear it: docs/about/privacy.md). Deferred, on every page; nothing happens where
 * service workers are not available (file:// pages, old browsers, some private modes).
 */
(function () {
  "use strict";
  var configElement = document.getElementById("__config");
  if (!configElement || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  var base = new URL(JSON.parse(configElement.textContent).base, location.href);
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", base).href, { scope: base.pathname }).catch(function () {
      // No offline copy (storage full or blocked): the site works as before.
    });
  }
  // After the page has loaded, so the copy never competes with what the reader came for.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
