// The inquiry form's specialty suggestion: while the patient writes, the text is sent (POST,
// at most once a second of quiet) to the form's suggestion endpoint, and the first specialty it
// sounds like is offered with a button that picks it in the specialty list.
(function () {
  "use strict";
  var box = document.getElementById("specialty-suggestion");
  var text = document.getElementById("id_problem");
  var select = document.getElementById("id_specialty");
  if (!box || !text || !select || !window.fetch) return;
  var form = text.form;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var last = "";
  var asked = 0;

  function clear() {
    box.hidden = true;
    box.textContent = "";
  }

  function show(answer) {
    var first = (answer.suggestions || [])[0];
    if (!first || String(first.id) === select.value) return clear();
    box.textContent = "";
    var note = document.createElement("span");
    note.textContent = first.message + " ";
    var use = document.createElement("button");
    use.type = "button";
    use.className = "small";
    use.textContent = answer.use;
    use.addEventListener("click", function () {
      select.value = String(first.id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      clear();
      select.focus();
    });
    box.appendChild(note);
    box.appendChild(use);
    box.hidden = false;
  }

  function ask() {
    var value = text.value.trim();
    if (value.length < 3 || value === last) return;
    last = value;
    var mine = ++asked;
    var body = new URLSearchParams();
    body.set("text", value.slice(0, 4000));
    fetch(box.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && mine === asked) show(answer); })
      .catch(function () { /* a suggestion is a help, never an obstacle */ });
  }

  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 1000);
  });
  select.addEventListener("change", function () { if (select.value) clear(); });
  if (text.value) ask();
})();
