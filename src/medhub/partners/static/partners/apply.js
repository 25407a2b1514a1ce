// The partner application form: once the applicant has chosen what they are, the fields and
// documents that kind does not need are hidden (without JavaScript every field shows, and the
// server says which ones were needed). A field with an error always stays visible.
(function () {
  "use strict";
  var form = document.querySelector("form.partner-apply");
  if (!form) return;
  var radios = form.querySelectorAll("input[name=kind]");
  var parts = form.querySelectorAll("[data-kinds]");

  function chosen() {
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) return radios[i].value;
    }
    return "";
  }

  function update() {
    var kind = chosen();
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      var wanted = part.getAttribute("data-kinds").split(" ");
      var keep = !kind || wanted.indexOf(kind) !== -1 || part.querySelector(".error");
      part.hidden = !keep;
      // The design system lays fieldsets and stacks out as grids, which would override [hidden].
      part.style.display = keep ? "" : "none";
    }
  }

  for (var i = 0; i < radios.length; i++) radios[i].addEventListener("change", update);
  update();
})();
