/*
 * TRD Hub's additions to Material's search. Loaded on every page, deferred, just
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
 * 2. Crisis first. When the query says it (a phrase pattern listed in
 *    macros/data/crisis.yml search_phrases, copied below by `make sync`; the build fails
 *    while they differ), the crisis box for that phrase's language (kept hidden in
 *    overrides/partials/search-dialog.html) is shown above the results, in a status
 *    region so screen readers announce it: the link to the crisis page, then Call and
 *    Text buttons copied at that moment from the crisis banner's tel: and sms: links, so
 *    the box offers whatever line the banner shows (its country); the Spanish box offers
 *    instead the line that answers in Spanish in that country (CRISIS_LINES_ES, also
 *    copied by `make sync`), where crisis.yml has one. It needs no index, so
 *    it shows even before the index has loaded. Its link is the first result for the
 *    arrow keys and for Enter (score Infinity in Material's data-md-score; the buttons'
 *    is -Infinity). Spanish phrases are checked first. The matching rule is words() and
 *    compile() below; macros/models.py phrase_words() and phrase_regex() are the same
 *    rule in Python, and crisis.yml explains it.
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

  // Material turns every word of a query into a prefix ("me" into "me*"), and a prefix skips
  // lunr's stop-word filter, so "can I stop my medication" also searched "i*", "me*", "can*"
  // and "my*": every word starting with them, headings and search terms weighed a thousand
  // times. The words lunr leaves out of the index (its English stop words, below, as in
  // Material's lunr) can only match that way, so they are dropped from the query the worker
  // gets; the box still shows what the reader typed. A query of only such words is kept.
  var STOP_WORDS = " a able about across after all almost also am among an and any are as at be because been but by can cannot could dear did do does either else ever every for from get got had has have he her hers him his how however i if in into is it its just least let like likely may me might most must my neither no nor not of off often on only or other our own rather said say says she should since so some than that the their them then there these they this tis to too twas us wants was we were what when where which while who whom why will with would yet you your ";
  // The same for Spanish questions (the hub's Spanish page, ayuda.md, is indexed with the
  // English ones): "mi", "de", "con" as prefixes matched "mirtazapine", "depression", "consent".
  var SPANISH_STOP_WORDS = " a al como con de del el en es esta estoy la las le lo los me mi muy para pero por que se si su sus te tu un una y ya yo ";
  // A word of one letter or digit, also one joined by a hyphen ("STAR-D", "elekt-d", "type 2"),
  // is a prefix of nearly every word of the index ("d*"): it is dropped like a stop word.
  function withoutStopWords(query) {
    return withoutWords(query.replace(/(^|[^\s-])-(?=[^\s-])/g, "$1 "), function (word) {
      if (edges(word).length === 1) return true;
      var bare = " " + word.toLowerCase() + " ";
      return STOP_WORDS.indexOf(bare) >= 0 || SPANISH_STOP_WORDS.indexOf(bare.normalize("NFD").replace(/[\u0300-\u036f]/g, "")) >= 0;
    });
  }
  // A query in Spanish (an accent, ñ, ¿ or ¡, or one of the little words above that English
  // does not use) loses its word for help ("ayuda", "ayudar", "ayúdame") when it has others:
  // like "help" in English it says nothing about which page is wanted, and as a prefix of the
  // Spanish page's title and terms it put ayuda.md first for family and medicine questions
  // that English pages answer (each English reader page has Spanish topic words). A Spanish
  // crisis query still gets the Spanish crisis box (search_phrases es, part 2 below). Until
  // 6 Dec 2026 such a query was instead asked for "español" too (tests/browser/search_record.md).
  var SPANISH_ONLY = SPANISH_STOP_WORDS.replace(/ (a|me|no) /g, " ");
  function inSpanish(query) {
    if (/[\u00e1\u00e9\u00ed\u00f3\u00fa\u00f1\u00bf\u00a1]/i.test(query)) return true;
    return query.split(/\s+/).some(function (word) {
      return word && SPANISH_ONLY.indexOf(" " + edges(word) + " ") >= 0;
    });
  }
  // The query without the words ``dropped`` picks out; a query of only such words is kept.
  function withoutWords(query, dropped) {
    var kept = query.split(/\s+/).filter(function (word) {
      return word && !dropped(word);
    });
    return kept.length ? kept.join(" ") : query;
  }

  // Words on nearly every page ("depression", "treatment", "help", "work" on this site) say
  // nothing about which page a query wants, but lunr weighs them by section, not by page: a
  // heading that has one ("What is treatment-resistant depression?") outranks the page whose
  // text answers the rest of the query ("benefits ... UK"). They are worked out from the index
  // when Material hands it to the worker (the words on at least 80 % of its pages) and dropped
  // from a query that has other words, like the stop words; nothing is listed by hand.
  var GENERIC_SHARE = 0.8;
  var generic = {};
  var vocabulary = []; // every word of the index, sorted, for unknown() below
  function edges(word) {
    return word.toLowerCase().replace(/^[^0-9a-z\u00c0-\u024f]+|[^0-9a-z\u00c0-\u024f]+$/g, "");
  }
  function learnGenericWords(docs) {
    var pages = {};
    docs.forEach(function (doc) {
      var page = String(doc.location).split("#")[0];
      var seen = pages[page] || (pages[page] = {});
      var text = [doc.title, doc.text].concat(doc.tags || []).join(" ").replace(/<[^>]*>/g, " ");
      text.split(/[\s\-]+/).forEach(function (word) {
        word = edges(word);
        if (word) seen[word] = true;
      });
    });
    var names = Object.keys(pages);
    var counts = {};
    names.forEach(function (page) {
      Object.keys(pages[page]).forEach(function (word) {
        counts[word] = (counts[word] || 0) + 1;
      });
    });
    vocabulary = Object.keys(counts).sort();
    generic = {};
    Object.keys(counts).forEach(function (word) {
      if (counts[word] >= GENERIC_SHARE * names.length) generic[word] = true;
    });
  }
  function withoutGenericWords(query) {
    return withoutWords(query, function (word) {
      return Object.prototype.hasOwnProperty.call(generic, edges(word));
    });
  }

  // The index has no stemmer (mkdocs.yml keeps lunr's stop-word filter only), and Material
  // makes every query word a prefix: "sleeping" did not find "sleep", nor "failed" "failure",
  // nor "worried" "worry". An English ending (-ing, -ed, -ies, -ied) is taken off a query
  // word, and a doubled last letter made single ("stopping" -> "stop"), when at least 4
  // letters are left; as a prefix the stem still finds every word the whole word did. Not a
  // plural -s (measured: "signs" found "sign language"; tools/search.py).
  function withoutEndings(query) {
    return query
      .split(/\s+/)
      .map(function (word) {
        var bare = edges(word);
        if (!/^[a-z]+$/.test(bare)) return word;
        var stem = bare.replace(/ie[sd]$/, "");
        if (stem === bare) stem = bare.replace(/(?:ing|ed)$/, "").replace(/([b-df-hj-km-rtv-z])\1$/, "$1");
        if (stem === bare) return word;
        return stem.length >= 4 ? stem : word;
      })
      .join(" ");
  }

  // Phone keyboards type curly apostrophes ("can\u2019t", "husband\u2019s"); the index has
  // straight ones, so such a word matched nothing. Apostrophes are made straight, and a
  // possessive 's or s' is taken off ("husband's" finds husband, husbands and husband's).
  function withPlainApostrophes(query) {
    return query
      .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
      .split(/\s+/)
      .map(function (word) {
        return word.replace(/(\w{3,})'s?$/i, "$1");
      })
      .join(" ");
  }

  // A typo in a word of the query is forgiven. A word of 4 letters or more that starts no
  // word of the index can only match as a typo (one letter added, left out, changed, or two
  // swapped, is one edit):
  // - 5 to 8 letters: lunr's edit distance 1 ("ketamne~1" finds ketamine); if no indexed
  //   word is one edit away, the indexed words two edits away that start with the same
  //   letter (typos seldom change it; without that rule everyday words the index lacks
  //   became others: apathy became path), unless there are more than 3 of them (a guess);
  // - 9 letters or more: edit distance 2 ("tranilcipromine~2" finds tranylcypromine);
  // - 4 letters: only a left-out letter ("slep" finds sleep, not step or slip);
  // - a plural the index has only in the singular is that word ("lies" is lie).
  // Words the index has are left as they are, so ranking does not change for them.
  function lowerBound(word) {
    var low = 0;
    var high = vocabulary.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (vocabulary[middle] < word) low = middle + 1;
      else high = middle;
    }
    return low;
  }
  function unknown(word) {
    var bare = edges(word);
    if (bare.length < 4 || !/^[a-z\u00e0-\u00ff]+$/.test(bare) || !vocabulary.length) return false;
    var at = lowerBound(bare);
    return at === vocabulary.length || vocabulary[at].indexOf(bare) !== 0;
  }
  // Edits between a and b (optimal string alignment), or max + 1 as soon as it is more.
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current.push(value);
        if (value < smallest) smallest = value;
      }
      if (smallest > max) return max + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }
  // The indexed words fewest edits from a word of 4 to 8 letters, as the list above says.
  function closestWords(bare) {
    var singular = bare.slice(0, -1);
    if (/s$/.test(bare) && vocabulary[lowerBound(singular)] === singular) return [singular];
    var best = [];
    var bestDistance = bare.length >= 5 ? 2 : 1; // the edits allowed, then the fewest found
    vocabulary.forEach(function (candidate) {
      if (!/^[a-z\u00e0-\u00ff]+$/.test(candidate)) return;
      if (bare.length < 5 && candidate.length !== 5) return;
      var d = editDistance(bare, candidate, bestDistance);
      if (d === 2 && candidate.charAt(0) !== bare.charAt(0)) return;
      if (d < bestDistance) {
        bestDistance = d;
        best = [candidate];
      } else if (d === bestDistance) best.push(candidate);
    });
    // Many words two edits away is a guess, not a typo ("shaking": saving, saying, staying ...).
    return bestDistance === 2 && best.length > 3 ? [] : best;
  }
  function withTyposForgiven(query) {
    return query
      .split(/\s+/)
      .map(function (word) {
        if (!unknown(word)) return word;
        var bare = edges(word);
        if (bare.length >= 9) return bare + "~2";
        var closest = closestWords(bare);
        if (bare.length >= 5 && closest.length && editDistance(bare, closest[0], 1) === 1) return bare + "~1";
        return closest.length ? closest.join(" ") : word;
      })
      .join(" ");
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
    // What to ask next when the latest query finds nothing: the query as the reader typed
    // it, stop words included (so a query of everyday words, such as a crisis phrase, still
    // lists pages under the crisis box).
    var fallbacks = [];
    function forward(event) {
      var result = event.data && event.data.data;
      if (fallbacks.length && worker && result && Array.isArray(result.items) && result.items.length === 0) {
        worker.postMessage(fallbacks.shift()); // its answer replaces this empty one
        return;
      }
      standIn.dispatchEvent(new MessageEvent(event.type, { data: event.data }));
    }
    standIn.postMessage = function (message) {
      if (message && message.data && Array.isArray(message.data.docs)) learnGenericWords(message.data.docs);
      if (message && typeof message.data === "string") {
        var typed = message;
        var asked = withTyposForgiven(withoutGenericWords(withoutEndings(withoutStopWords(withPlainApostrophes(typed.data)))));
        if (inSpanish(typed.data)) {
          asked = withoutWords(asked, function (word) {
            return /^ay[u\u00fa]d/.test(edges(word));
          });
        }
        message = { type: typed.type, data: asked };
        fallbacks = message.data !== typed.data ? [typed] : [];
      }
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
  var CRISIS_PHRASES = {"en": ["suicide", "suicidal", "sucide", "suicde", "unalive", "overdose", "suicid*", "sucid*", "suicd*", "suisid*", "sicid*", "suiside", "sewer slid*", "sewerslid*", "sue decid*", "self delet*", "unaliv*", "un aliv*", "kms", "kys", "kill* myself", "kill* my self", "end* my * life", "end* it all", "tak* my * life", "overdos*", "want* * die", "want* to be dead", "wish * dead", "better off dead", "rather be dead", "wish i * never * born", "dont want to live", "dont want to be alive", "dont want to be here", "dont want * exist", "stop existing", "want* to disappear", "wish i could disappear", "sleep and * wak* up", "never wak* up", "want* it * be over", "thoughts of death", "thoughts of dying", "think* about death", "goodbye text*", "goodbye message*", "goodbye note*", "goodbye letter*", "saying goodbye", "said goodbye", "text* * goodbye", "sent * goodbye", "message* * goodbye", "wrote * goodbye", "giving away * things", "giving away * belongings", "took too many", "taken too many", "swallow* * pills", "no reason to live", "reason to keep living", "dont see * reason to live", "nothing to live for", "will to live", "no point * anymore", "no point * living", "no point * life", "not worth living", "isnt worth living", "life isnt worth it", "no way out", "dont see * way out", "no purpose * life", "unbearable pain", "want* out", "tired of living", "sick of living", "cant go on", "cant keep going", "cant take * anymore", "cant do this anymore", "cant cope anymore", "cant live like this", "cant keep myself safe", "not safe * myself", "better * without me", "if i wasnt around", "if i werent around", "if i wasnt here", "if i werent here", "nobody would care", "im a burden", "being a burden", "feel* * burden", "self harm*", "selfharm*", "self injur*", "hurt* myself", "harm* myself", "cut* myself", "crisis", "hotline", "helpline", "lifeline", "988", "mental health emergency", "psychiatric emergency", "dont want to wake* up", "sleep forever", "life * pointless", "point of living", "point in living", "giv* up on life", "gave up on life", "think* * about dying", "think* * of dying", "wish i wasnt here", "wish i werent here", "wish i wasnt alive", "want* to end it", "think* * ending it", "hate my life", "hate being alive", "better off if i * gone", "better off gone", "plan* to die", "ready to die", "want* to be gone", "someone to talk to", "need to talk to someone", "im not ok", "im not okay", "end* things", "tired of * alive", "tired of * life", "sick of * alive", "nobody * miss me", "who cares if * dead", "done with life", "done with everything", "cutting again", "urge* to cut again", "about not being here", "of not being here", "see * point anymore", "want* * pain to stop", "want* to stop * pain", "nothing matters anymore", "life is over", "better when * gone", "dont deserve to live", "kill* himself", "kill* herself", "kill* themsel*", "hurt* himself", "hurt* herself", "hurt* themsel*", "end* his * life", "end* her * life", "end* their * life", "wishes * dead", "happier without me", "notice if i * gone", "care if i * gone", "everything to end", "all to end", "everything to stop", "all to stop", "should * die", "cant live with this", "thoughts about dying", "thoughts about death", "dark thoughts", "done living", "be around much longer", "be around anymore", "hope * dont wake up", "hope * not wake up", "wish * didnt wake up", "goodbye to every*", "gave away * things", "gave away * stuff", "giving away * stuff", "gave away * belongings", "burden to my", "burden to every*", "such a burden"], "es": ["suicidio", "suicidios", "suicida", "suicidas", "suicidarme", "suicidarse", "suicidare", "suicidar", "suicidarte", "quitar* la vida", "matarme", "quiero matar*", "quiero morir*", "quisiera morir*", "deseo morir*", "deseo de morir", "no quiero vivir", "no querer vivir", "no quiero seguir", "ya no puedo mas", "ya no aguanto", "no aguanto mas", "no lo soporto mas", "quiero desaparecer", "dejar de existir", "no existir", "no quiero existir", "vida no vale la pena", "vida no merece la pena", "mejor sin mi", "sin mi * mejor", "soy una carga", "siento * una carga", "nada importa ya", "no le veo sentido", "cansad* de luchar", "cansad* de la vida", "no volver a despertar", "nunca hubiera nacido", "no haber nacido", "mejor estar muert*", "desearia estar muert*", "mejor no estar aqui", "mejor que no este", "no hay salida", "fin a * vida", "quiero estar muert*", "acabar con * vida", "terminar con * vida", "hacerme dano", "lastimarme", "cortarme", "autolesion*", "me tome * pastillas", "tome demasiad*", "me trague * pastillas", "mensaje de despedida", "carta de despedida", "se despidio", "despidiendose", "se esta despidiendo", "para despedirse", "ayuda", "l\u00ednea de crisis", "linea de la vida", "no quiero despertar*", "dormir para siempre", "pens* * en la muerte", "pienso * en la muerte", "ideas de muerte", "no tiene sentido vivir", "vida no tiene sentido", "acabar con todo", "odio mi vida", "no quiero estar aqui", "irme de este mundo", "alguien con quien hablar", "necesito hablar con alguien", "no estoy bien", "ganas de morir", "no * ganas de vivir", "sin ganas de vivir", "cansad* de vivir", "hart* de vivir", "hart* de la vida", "no vale la pena vivir", "no merece la pena vivir", "dejar de vivir", "no tengo salida", "que todo termine", "que todo acabe", "pensamientos de muerte", "me hago dano", "me lastimo", "quiero ir para siempre", "quiero irme para siempre", "nadie me echar* de menos", "nadie me extran*", "no puedo seguir viviendo", "terminar con todo", "no merezco vivir", "dejar* de sufrir", "quiere morir*", "se quiere matar", "quiere matarse", "habla de matarse", "no quiere vivir", "hacerse dano", "se hace dano", "sobro", "no despertar*", "si yo no estuviera", "mejor si * no estuviera", "no veo * salida", "y sin salida", "no * sentido a la vida", "fuerzas para vivir", "mejor muert*", "despedir* de todos"]}; var CRISIS_LINES_ES = {"us": {"call": {"number": "988", "press": "2", "href": "tel:988"}, "text": {"number": "988", "keyword": "AYUDA", "href": "sms:988?&body=AYUDA"}}, "spain": {"call": {"number": "024", "press": "", "href": "tel:024"}, "text": null}, "mexico": {"call": {"number": "800 911 2000", "press": "", "href": "tel:8009112000"}, "text": null}};
  // <<< end of generated block

  var HIDDEN = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g; // zero-width, soft hyphen
  var APOSTROPHES = /['`\u00b4\u2018\u2019\u02bc]/g;
  var LOOK_ALIKE = /(?<=[a-z])[0134@$!|]+(?=[a-z])/g; // between two letters: "k!ll", "su1c1de"
  var LOOK_ALIKES = { 0: "o", 1: "i", 3: "e", 4: "a", "@": "a", $: "s", "!": "i", "|": "i" };
  var SAME = [
    [" cannot ", " cant "],
    [" can not ", " cant "],
    [" do not ", " dont "],
    [" is not ", " isnt "],
    [" i am ", " im "],
    [" any more ", " anymore "],
    [" no one ", " nobody "],
    [" wanna ", " want to "],
  ];

  // Lower case, no accents, hidden characters or apostrophes, look-alikes read as letters,
  // words separated by single spaces, padded, a few two-way spellings made one:
  // "Línea de  crisis" -> " linea de crisis ", "I CAN'T" -> " i cant ", "I cannot" -> " i cant ".
  // A phrase keeps its * (pattern).
  function words(text, pattern) {
    var form =
      " " +
      text
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(HIDDEN, "")
        .replace(APOSTROPHES, "")
        .replace(LOOK_ALIKE, function (run) {
          return run.replace(/./g, function (c) {
            return LOOK_ALIKES[c];
          });
        })
        .replace(pattern ? /[^a-z0-9*]+/g : /[^a-z0-9]+/g, " ")
        .trim() +
      " ";
    SAME.forEach(function (pair) {
      form = form.split(pair[0]).join(pair[1]);
    });
    return form;
  }

  // A phrase as a pattern on a query's words(): whole words in order, `word*` any word
  // starting with `word`, a lone `*` up to two words.
  function compile(phrase) {
    var source = words(phrase, true)
      .trim()
      .split(" ")
      .map(function (word) {
        if (word === "*") return "(?:[a-z0-9]+ ){0,2}";
        var stem = word.replace(/\*/g, "");
        return stem + (word.charAt(word.length - 1) === "*" ? "[a-z0-9]* " : " ");
      })
      .join("");
    return new RegExp(" " + source);
  }

  // The crisis banner's Call and Text links as they are now (the banner may show another
  // country's line than the page was built with): the visible ones, else all of them.
  function bannerLinks() {
    var banner = document.querySelector("[data-trd-crisis-banner], .trd-crisis");
    if (!banner) return [];
    var all = Array.prototype.filter.call(banner.querySelectorAll("a[href]"), function (a) {
      return /^(tel|sms):/i.test(a.getAttribute("href"));
    });
    var shown = all.filter(function (a) {
      return !a.closest("[hidden]") && a.getClientRects().length > 0;
    });
    return shown.length ? shown : all;
  }

  function addButton(row, href, words, lang) {
    var button = document.createElement("a");
    button.className = "trd-search-crisis__button";
    button.setAttribute("href", href);
    if (lang) button.setAttribute("lang", lang);
    var label = document.createElement("span");
    label.setAttribute("data-md-score", "-Infinity");
    label.textContent = words;
    button.appendChild(label);
    row.appendChild(button);
  }

  // A label from the box's own words (data-* in search-dialog.html): {number} and the rest
  // filled in from the line.
  function fill(template, line) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return line[name] || "";
    });
  }

  // Fills the box's button row. The Spanish box offers the lines that answer in Spanish in
  // the banner's country (CRISIS_LINES_ES, from crisis.yml), in its own words, then the
  // banner's emergency number; a country without one gets copies of the banner's links and
  // the box says so. Otherwise: copies of the banner's links, same address and words.
  // Every button has the box's own look and a score below every result's (Material's Enter).
  function fillButtons(box) {
    var row = box.querySelector("[data-trd-search-crisis-actions]");
    if (!row) return;
    row.textContent = "";
    var banner = document.querySelector("[data-crisis-banner]");
    var spanish = box.getAttribute("data-lang") === "es";
    var lines = spanish && banner ? CRISIS_LINES_ES[banner.getAttribute("data-crisis-country")] : null;
    if (spanish) {
      box.querySelector("[data-trd-es-lines]").hidden = !lines;
      box.querySelector("[data-trd-es-none]").hidden = !!lines;
    }
    if (lines) {
      var words = box.dataset;
      if (lines.call) addButton(row, lines.call.href, fill(lines.call.press ? words.press : words.call, lines.call));
      if (lines.text) addButton(row, lines.text.href, fill(lines.text.keyword ? words.text : words.textPlain, lines.text));
      var emergency = banner.querySelector("[data-crisis-emergency]");
      if (emergency) {
        var number = emergency.querySelector(".trd-crisis__number");
        addButton(row, emergency.getAttribute("href"), fill(words.emergency, { number: number ? number.textContent : "" }));
      }
      return;
    }
    bannerLinks().forEach(function (link) {
      // The banner's words keep their language inside the Spanish box (and the reverse).
      var lang = link.closest("[lang]");
      var boxLang = box.closest("[lang]");
      var other = lang && (!boxLang || boxLang.getAttribute("lang") !== lang.getAttribute("lang"));
      addButton(row, link.getAttribute("href"), link.textContent.replace(/\s+/g, " ").trim(), other ? lang.getAttribute("lang") : "");
    });
  }

  function setUpCrisisLink() {
    var region = document.querySelector("[data-trd-search-crisis]");
    var query = document.querySelector("[data-md-component=search-query]");
    if (!region || !query) return;
    // One box per language, checked Spanish first: its phrases are Spanish words, and an
    // English pattern such as "crisis" is also in "línea de crisis".
    var store = document.querySelector("[data-trd-search-crisis-links]");
    var boxes = ["es", "en"]
      .map(function (lang) {
        return {
          patterns: (CRISIS_PHRASES[lang] || []).map(compile),
          box: store.querySelector("[data-lang=" + lang + "]"),
        };
      })
      .filter(function (entry) {
        return entry.box;
      });
    var shown = null;

    function update() {
      var value = words(query.value);
      var match = null;
      for (var i = 0; i < boxes.length && !match; i++) {
        if (
          boxes[i].patterns.some(function (pattern) {
            return pattern.test(value);
          })
        ) {
          match = boxes[i].box;
        }
      }
      if (match === shown) return;
      if (shown) store.appendChild(shown); // back out of sight
      if (match) {
        fillButtons(match);
        region.appendChild(match); // inserted into the status region: announced
      }
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
