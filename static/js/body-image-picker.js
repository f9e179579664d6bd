// The editor's image window: hand the uploaded image back to the editor that
// opened it (CKEditor 4 file-browser protocol, which django-prose-editor's
// Figure extension speaks), then close.
(function () {
  "use strict";
  var picked = document.getElementById("body-image-picked");
  if (!picked || !window.opener || !window.opener.CKEDITOR) return;
  var data = picked.dataset;
  window.opener.CKEDITOR.tools.callFunction(data.funcNum, data.url, {
    id: data.id,
    alternative_text: data.alt,
    caption: data.caption,
  });
  window.close();
})();
