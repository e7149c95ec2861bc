/* PHQ-9 self-check: the form is rendered by phq9_form() in macros/phq9.py.
   Everything happens in this browser tab. Nothing is sent or logged, and nothing is
   stored unless the reader ticks "Save on this device" (keep.js, which also prints).
   The severity bands come from the form's data-bands (macros/data/phq9.yml). */
(function () {
  "use strict";

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }

  function para() {
    var p = el("p");
    p.append.apply(p, arguments);
    return p;
  }

  function dateLine() {
    var now = new Date();
    var time = el("time", now.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" }));
    time.dateTime = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map(function (n) { return String(n).padStart(2, "0"); }).join("-");
    var p = para("Date: ", time);
    p.className = "phq9__date";
    return p;
  }

  function listOf(words) {
    return words.length < 2 ? words.join("") : words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  function setup(form) {
    if (form.hasAttribute("data-phq9-ready")) return;
    form.setAttribute("data-phq9-ready", "");
    var bands = JSON.parse(form.getAttribute("data-bands"));
    var top = bands[bands.length - 1].max;
    var items = Array.prototype.slice.call(form.querySelectorAll("[data-phq9-item]"));
    var result = form.querySelector("[data-phq9-result]");
    var alertBox = form.querySelector("[data-phq9-alert]");
    var alertItem = alertBox && alertBox.closest("[data-phq9-item]");
    var paper = form.querySelector("[data-phq9-paper]");
    var actions = form.querySelector("[data-phq9-actions]");

    actions.hidden = false;

    function answer(item) {
      var checked = item.querySelector("input:checked");
      return checked ? Number(checked.value) : null;
    }

    function number(item) {
      return item.getAttribute("data-phq9-number");
    }

    function clearMissing(item) {
      var note = item.querySelector(".phq9__missing");
      if (note) note.remove();
      item.removeAttribute("tabindex");
    }

    function showMissing(missing) {
      missing.forEach(function (item) {
        if (item.querySelector(".phq9__missing")) return;
        var note = para(el("strong", "Please choose an answer for this question."));
        note.className = "phq9__missing";
        item.querySelector("legend").after(note);
      });
      var numbers = missing.map(number);
      result.replaceChildren(para(
        (numbers.length === 1 ? "Question " : "Questions ") + listOf(numbers) +
        (numbers.length === 1 ? " is" : " are") + " not answered yet. Choose an answer for each question to see your total."
      ));
      missing[0].tabIndex = -1;
      missing[0].focus();
    }

    function showTotal() {
      var total = items.reduce(function (sum, item) { return sum + answer(item); }, 0);
      var band = bands.filter(function (b) { return b.min <= total && total <= b.max; })[0];
      result.replaceChildren(
        para(el("strong", "Your total: " + total + " out of " + top)),
        para(el("strong", band.label), " (" + band.min + " to " + band.max + "). " + band.meaning)
      );
      if (alertItem && answer(alertItem) > 0) {
        result.append(para(el("strong", "Because of your answer to question " + number(alertItem) +
          ", please talk to someone today."), " The crisis lines are under that question and at the top of this page."));
      }
      result.append(
        para("This is not a diagnosis. Only a clinician can diagnose depression. " +
          "Take your total to your next appointment, and check again in a week or two to see the trend."),
        dateLine()
      );
      paper.hidden = true;
    }

    form.addEventListener("change", function (event) {
      var item = event.target.closest("[data-phq9-item]");
      if (item) clearMissing(item);
      if (item && item === alertItem) alertBox.hidden = !(answer(alertItem) > 0);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = items.filter(function (item) { return answer(item) === null; });
      if (missing.length) {
        showMissing(missing);
        return;
      }
      showTotal();
      result.focus();
    });

    form.addEventListener("reset", function () {
      items.forEach(clearMissing);
      result.replaceChildren();
      if (alertBox) alertBox.hidden = true;
      paper.hidden = false;
    });

    // Printing (keep.js's button, or the browser's own Print) or downloading (keep.js) puts
    // the total, its band and today's date on the copy when every question is answered;
    // otherwise just the date.
    function beforePrint() {
      if (!form.isConnected) return;
      if (items.every(function (item) { return answer(item) !== null; })) {
        showTotal();
      } else if (items.some(function (item) { return answer(item) !== null; })) {
        var old = result.querySelector(".phq9__date");
        if (old) old.remove();
        result.append(dateLine());
      }
    }
    document.addEventListener("trd-keep-copy", beforePrint);
    // Answers put back by keep.js (saved on this device) before this ran: show the alert too.
    if (alertItem) alertBox.hidden = !(answer(alertItem) > 0);
    window.addEventListener("beforeprint", beforePrint);
  }

  function init() {
    document.querySelectorAll("form[data-phq9]").forEach(setup);
  }

  // Back or Forward from the browser's page cache: keep.js shows only saved answers again
  // (or clears the form, which also hides the question 9 alert) and says so.

  // Material's instant navigation swaps pages without a reload; document$ emits for each page.
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
