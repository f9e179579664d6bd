// The article form's heartbeat: every few seconds (data-every) tell the server
// this form is still open, and show who else has it open. The names shown when
// the page opened came from the server; this only keeps them current. The
// admin loads it in <head>, so it starts once the form is parsed.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("desk-presence");
  var token = document.querySelector("#article_form input[name=csrfmiddlewaretoken]");
  if (!box || !token || !window.fetch) return;
  var names = box.querySelector(".desk-presence-names");
  function show(data) {
    if (!data || !Array.isArray(data.others)) return;
    names.textContent = data.others.join(", ");
    box.hidden = data.others.length === 0;
  }
  function beat() {
    fetch(box.dataset.url, {
      method: "POST",
      headers: { "X-CSRFToken": token.value },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show)
      .catch(function () {});
  }
  window.setInterval(beat, 1000 * Number(box.dataset.every || 30));
});
