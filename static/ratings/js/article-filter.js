// The vote list's article filter: choosing an article in the autocomplete
// box (or clearing it) opens the list filtered by it, keeping the other
// filters and going back to the first page. Select2 reports the choice
// through jQuery's change event, hence django.jQuery (defined by then:
// the admin loads its scripts in <head>, before the page is parsed).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = window.django && django.jQuery("#vote-article-filter");
  if (!box || !box.length) return;
  box.on("change", function () {
    var url = new URL(window.location.href);
    var name = this.dataset.filterParameter;
    url.searchParams.delete("p");
    if (this.value) url.searchParams.set(name, this.value);
    else url.searchParams.delete(name);
    window.location.assign(url.toString());
  });
});
