// The article form's title box wraps a long headline over lines (a textarea,
// so a phone shows it whole), yet a headline is one line: Enter does not break
// it, and a pasted line break becomes a space (the server does the same).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var title = document.getElementById("id_title");
  if (!title || title.tagName !== "TEXTAREA") return;
  title.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  title.addEventListener("input", function () {
    if (!/[\r\n]/.test(title.value)) return;
    var end = title.selectionEnd;
    var before = title.value.length;
    title.value = title.value.replace(/\s*[\r\n]+\s*/g, " ");
    end -= before - title.value.length;
    title.setSelectionRange(end, end);
  });
});
