/* Keep what you typed: the hub's tools (safety plan, PHQ-9, worksheets) get Print,
   Download, "Save on this device" and "Delete from this device".

   A tool is an element with data-keep="<id>" (rendered by the macros; its title in
   data-keep-title). Loaded only on pages that have one (mkdocs.yml extra.page_scripts).

   Privacy, as docs/about/privacy.md promises:
   - Nothing is stored until the reader ticks "Save on this device". Then the tool's
     answers go to this site's localStorage under "trd-hub-keep:<id>", on this device only.
   - "Delete from this device" clears this site's localStorage and sessionStorage, its
     cookies, IndexedDB databases and Cache Storage (except the offline copy of the public
     crisis pages, "trd-hub-offline-*", which holds nothing the reader typed).
   - Download builds a text file here, in the browser (Blob + object URL): no request.
   - Nothing typed is ever put in a URL, a request or a form submission.

   Never lose text by accident: with unsaved text, leaving the page asks first (the
   browser's beforeunload, and a confirm() for links Material's instant navigation would
   follow without unloading the page). Links inside a tool (the plan's "crisis lines by
   country") open in a new tab, without the opener or a referrer, so the tool stays as
   typed. Phone and text links (tel:, sms:) leave the page alone. */
(function () {
  "use strict";

  if (window.trdKeep) {
    window.trdKeep.init();
    return;
  }

  var PREFIX = "trd-hub-keep:";
  var OFFLINE_CACHE = /^trd-hub-offline-/;
  var LEAVE = "You have not saved what you typed. If you leave this page, it will be gone. Leave anyway?";
  var leaving = false;
  var quietUntil = 0;

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function el(tag, props, text) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) { node.setAttribute(key, props[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function tidy(text) {
    return plain(text).replace(/\s+/g, " ").trim();
  }

  // Words as read, without the heading links' pilcrow or the "(opens in a new tab)" note.
  function plain(text) {
    return (text || "").replace(/\u00b6/g, "").replace(/\s*\(opens in a new tab\)\s*/g, "").replace(/[ \t]+/g, " ");
  }

  function tools() {
    return all(document, "[data-keep]");
  }

  function fields(tool) {
    return all(tool, "textarea, input[type=text], input[type=radio], input[type=checkbox]").filter(function (f) {
      return !f.closest(".keep-bar");
    });
  }

  // A stable name for each field: its id, a radio group's name, or a checkbox's words.
  function key(field) {
    if (field.type === "radio") return "r:" + field.name;
    if (field.id) return field.id;
    return "c:" + tidy(field.closest("label, li") ? field.closest("label, li").textContent : "").slice(0, 120);
  }

  function values(tool) {
    var out = {};
    fields(tool).forEach(function (f) {
      if (f.type === "radio") { if (f.checked) out[key(f)] = f.value; }
      else if (f.type === "checkbox") { if (f.checked) out[key(f)] = true; }
      else if (f.value.trim()) out[key(f)] = f.value;
    });
    return out;
  }

  function hasContent(tool) {
    return Object.keys(values(tool)).length > 0;
  }

  function clear(tool) {
    all(tool, "form").forEach(function (form) { form.reset(); });
    fields(tool).forEach(function (f) {
      if (f.type === "radio" || f.type === "checkbox") f.checked = false;
      else f.value = "";
    });
  }

  function apply(tool, saved) {
    clear(tool);
    fields(tool).forEach(function (f) {
      var value = saved[key(f)];
      if (value === undefined) return;
      if (f.type === "radio") f.checked = f.value === value;
      else if (f.type === "checkbox") f.checked = value === true;
      else f.value = value;
      // Let the tool's own script react (the PHQ-9 shows the crisis lines for question 9).
      if (f.checked || f.value) f.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  // ── Storage: only after the reader ticks "Save on this device" ──────────────────────
  function storageKey(tool) {
    return PREFIX + tool.getAttribute("data-keep");
  }

  function load(tool) {
    try {
      var raw = window.localStorage.getItem(storageKey(tool));
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function store(tool) {
    try {
      window.localStorage.setItem(storageKey(tool), JSON.stringify({ saved: new Date().toISOString(), fields: values(tool) }));
      return true;
    } catch (e) {
      say(tool, "Your browser did not let this site save here (it may be in private mode). Download or print it instead.");
      return false;
    }
  }

  function forget(tool) {
    try { window.localStorage.removeItem(storageKey(tool)); } catch (e) { /* nothing stored */ }
  }

  // Every trace this site can reach from a page: Web Storage, cookies, IndexedDB and the
  // Cache Storage entries that could hold anything of the reader's.
  function deleteEverything() {
    try { window.localStorage.clear(); } catch (e) { /* not available */ }
    try { window.sessionStorage.clear(); } catch (e) { /* not available */ }
    document.cookie.split(";").forEach(function (cookie) {
      var name = cookie.split("=")[0].trim();
      if (!name) return;
      var path = location.pathname.split("/");
      while (path.length) {
        document.cookie = name + "=; Max-Age=0; path=" + (path.join("/") || "/");
        path.pop();
      }
    });
    var jobs = [];
    if (window.indexedDB && indexedDB.databases) {
      jobs.push(indexedDB.databases().then(function (list) {
        return Promise.all(list.map(function (db) {
          return new Promise(function (done) {
            var request = indexedDB.deleteDatabase(db.name);
            request.onsuccess = request.onerror = request.onblocked = function () { done(); };
          });
        }));
      }));
    }
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return !OFFLINE_CACHE.test(n); }).map(function (n) {
          return caches.delete(n);
        }));
      }));
    }
    return Promise.all(jobs).catch(function () { /* best effort; what could be cleared is */ });
  }

  // ── Words for the reader ────────────────────────────────────────────────────────────
  function when(iso) {
    var d = iso ? new Date(iso) : new Date();
    return d.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" }) +
      " at " + d.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
  }

  function say(tool, text) {
    all(tool, "[data-keep-status]").forEach(function (p) { p.textContent = text; });
  }

  function describe(tool, saved, came) {
    if (saved) {
      say(tool, "Saved on this device on " + when(saved.saved) + ". Changes are saved as you type.");
    } else if (came) {
      say(tool, "Not saved on this device. Anything typed here before was not saved, so it is not here now.");
    } else {
      say(tool, "Not saved on this device yet. If you leave or reload this page, what you type is lost. " +
        "To keep it, use the buttons below: print it, download it or save it on this device.");
    }
  }

  // ── Download: a text file made here, from the page (crisis lines from the banner) ────
  function fieldLabel(f) {
    if (f.labels && f.labels.length) return tidy(f.labels[0].textContent);
    return tidy(f.getAttribute("aria-label"));
  }

  function asText(tool) {
    var title = tool.getAttribute("data-keep-title") || document.title;
    var lines = [title, "Written down on " + when() + ", from " + location.origin + location.pathname, ""];
    var groups = {};
    all(tool, "h2, h3, h4, textarea, input[type=text], input[type=radio], input[type=checkbox], [data-keep-text]").forEach(function (node) {
      if (node.closest(".keep-bar") || node.closest("[hidden]")) return;
      var tag = node.tagName.toLowerCase();
      if (/^h[2-4]$/.test(tag)) {
        lines.push("", tidy(node.textContent).toUpperCase());
      } else if (node.hasAttribute("data-keep-text")) {
        if (tidy(node.textContent)) lines.push(plain(node.innerText || node.textContent).replace(/\n\s*\n/g, "\n").trim());
      } else if (node.type === "radio") {
        if (groups[node.name]) return;
        groups[node.name] = true;
        var set = node.closest("fieldset");
        var legend = set && set.querySelector("legend");
        var chosen = tool.querySelector('input[type=radio][name="' + node.name + '"]:checked');
        var words = chosen && chosen.closest("label") ? tidy(chosen.closest("label").textContent) : "(not answered)";
        lines.push(tidy(legend ? legend.textContent : node.name) + " — " + words);
      } else if (node.type === "checkbox") {
        lines.push((node.checked ? "[x] " : "[ ] ") + tidy(node.closest("label, li") ? node.closest("label, li").textContent : ""));
      } else {
        var asked = fieldLabel(node);
        lines.push(/[?.:]$/.test(asked) ? asked : asked + ":", node.value.trim() ? node.value.trim() : "(left empty)", "");
      }
    });
    var banner = document.querySelector(".trd-crisis");
    if (banner) {
      lines.push("", "CRISIS LINES");
      all(banner, "p").forEach(function (p) {
        var words = Array.prototype.slice.call(p.childNodes).filter(function (node) {
          return !(node.classList && node.classList.contains("trd-crisis__more"));
        }).map(function (node) { return node.textContent; }).join(" ");
        if (tidy(words)) lines.push(tidy(words));
      });
      var more = banner.querySelector(".trd-crisis__more");
      if (more) lines.push("Crisis lines in other countries: " + more.href);
    }
    return lines.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
  }

  function download(tool) {
    document.dispatchEvent(new CustomEvent("trd-keep-copy"));
    var today = new Date();
    var stamp = [today.getFullYear(), today.getMonth() + 1, today.getDate()].map(function (n) {
      return String(n).padStart(2, "0");
    }).join("-");
    var url = URL.createObjectURL(new Blob([asText(tool)], { type: "text/plain;charset=utf-8" }));
    var link = el("a", { href: url, download: "trd-hub-" + tool.getAttribute("data-keep") + "-" + stamp + ".txt", hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say(tool, "Downloaded to this device as a text file. Look for it in your downloads.");
  }

  // ── Print: the tools' own print CSS lays it out; boxes grow to show all the text ─────
  // "trd-keep-copy": a copy is about to be made (print or download); the PHQ-9 adds its
  // total and today's date.
  function preparePrint() {
    document.dispatchEvent(new CustomEvent("trd-keep-copy"));
    var grows = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
    if (!grows) {
      tools().forEach(function (tool) {
        all(tool, "textarea").forEach(function (box) { box.style.height = box.scrollHeight + 4 + "px"; });
      });
    }
  }

  // ── The bar under each tool ─────────────────────────────────────────────────────────
  function button(text, action, primary) {
    var b = el("button", { type: "button", class: "md-button" + (primary ? " md-button--primary" : ""), "data-keep-do": action }, text);
    return b;
  }

  function saving(tool) {
    var box = tool.querySelector("[data-keep-save]");
    return !!(box && box.checked);
  }

  function setup(tool) {
    if (tool.hasAttribute("data-keep-ready")) return;
    tool.setAttribute("data-keep-ready", "");
    var id = tool.getAttribute("data-keep");
    var what = tool.getAttribute("data-keep-what") || "it";

    var note = el("p", { class: "keep-note", "data-keep-status": "" });
    tool.prepend(note);
    all(tool, "a[href]").forEach(function (link) {
      if (!/^https?:$/.test(link.protocol) || (link.pathname === location.pathname && link.origin === location.origin)) return;
      link.append(el("span", { class: "keep-sr" }, " (opens in a new tab)"));
    });

    var bar = el("div", { class: "keep-bar", role: "group", "aria-labelledby": "keep-" + id + "-title" });
    bar.append(el("h2", { class: "keep-bar__title", id: "keep-" + id + "-title" }, "Keep " + what));
    var status = el("p", { class: "keep-bar__status", role: "status", "data-keep-status": "" });
    var buttons = el("p", { class: "keep-bar__buttons" });
    buttons.append(button("Print or save as PDF", "print", true), " ", button("Download a copy", "download"));
    var saveId = "keep-" + id + "-save";
    var save = el("p", { class: "keep-bar__save" });
    var box = el("input", { type: "checkbox", id: saveId, "data-keep-save": "", "aria-describedby": saveId + "-warning" });
    save.append(box, " ", el("label", { for: saveId }, "Save on this device"));
    var warning = el("p", { class: "keep-bar__warning", id: saveId + "-warning" },
      "Only if this phone or computer is yours alone: anyone who opens this page in this browser can read what you saved. " +
      "It stays in this browser and is never sent to us.");
    var remove = el("p", { class: "keep-bar__delete" });
    remove.append(button("Delete from this device", "delete"));
    bar.append(status, buttons, save, warning, remove);
    tool.append(bar);

    bar.addEventListener("click", function (event) {
      var action = event.target.closest("[data-keep-do]");
      if (!action) return;
      var todo = action.getAttribute("data-keep-do");
      if (todo === "print") {
        preparePrint();
        window.print();
      } else if (todo === "download") {
        download(tool);
      } else if (todo === "delete") {
        if (!window.confirm("Delete everything this site saved on this device, and clear this page? " +
          "This also forgets your light or dark color choice. It cannot be undone.")) return;
        deleteEverything().then(function () {
          tools().forEach(function (t) {
            var b = t.querySelector("[data-keep-save]");
            if (b) b.checked = false;
            clear(t);
            say(t, "Deleted. Nothing from this site is saved on this device now, and this page is cleared.");
          });
        });
      }
    });

    box.addEventListener("change", function () {
      if (box.checked) {
        if (store(tool)) say(tool, "Saved on this device on " + when() + ". Changes are saved as you type.");
        else box.checked = false;
      } else {
        forget(tool);
        say(tool, "Not saved on this device any more: the saved copy is deleted. What is on the page stays until you leave.");
      }
    });

    function changed(event) {
      if (event.target.closest(".keep-bar")) return;
      if (saving(tool)) store(tool);
    }
    tool.addEventListener("input", changed);
    tool.addEventListener("change", changed);
    // A form's reset (the PHQ-9's "Clear answers") fires no input event: save after it.
    tool.addEventListener("reset", function () { setTimeout(function () { if (saving(tool)) store(tool); }, 0); });

    restore(tool, cameBack());
  }

  function restore(tool, came) {
    var saved = load(tool);
    var box = tool.querySelector("[data-keep-save]");
    if (saved && saved.fields) {
      apply(tool, saved.fields);
      if (box) box.checked = true;
    } else {
      // What the browser may have put back on Back or reload was never saved: clear it.
      clear(tool);
      if (box) box.checked = false;
    }
    describe(tool, saved && saved.fields ? saved : null, came);
  }

  function cameBack() {
    var nav = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return !!nav && (nav.type === "reload" || nav.type === "back_forward");
  }

  function unsaved() {
    return tools().filter(function (tool) {
      return tool.hasAttribute("data-keep-ready") && !saving(tool) && hasContent(tool);
    });
  }

  function init() {
    leaving = false;
    tools().forEach(setup);
  }

  // ── Leaving with unsaved text ───────────────────────────────────────────────────────
  window.addEventListener("beforeunload", function (event) {
    if (leaving || Date.now() < quietUntil || !unsaved().length) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Material's instant navigation follows site links without unloading the page, so no
  // beforeunload: ask here first (capture phase, before Material's listener on the body).
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link) return;
    if (/^(tel|sms|mailto):$/.test(link.protocol)) {
      quietUntil = Date.now() + 2000; // the phone's app opens; this page stays
      return;
    }
    if (link.target || link.hasAttribute("download")) return;
    if (link.protocol !== "http:" && link.protocol !== "https:") return;
    if (link.origin === location.origin && link.pathname === location.pathname && link.search === location.search) return;
    if (link.closest("[data-keep]")) {
      event.preventDefault();
      event.stopPropagation();
      window.open(link.href, "_blank", "noopener,noreferrer");
      return;
    }
    if (!unsaved().length) return;
    if (window.confirm(LEAVE)) {
      leaving = true;
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }, true);

  window.addEventListener("beforeprint", preparePrint);

  // Back or Forward from the browser's page cache shows the page as it was left: show only
  // what was saved, and say so.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    leaving = false;
    tools().forEach(function (tool) { if (tool.hasAttribute("data-keep-ready")) restore(tool, true); });
  });

  window.trdKeep = { init: init };
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
