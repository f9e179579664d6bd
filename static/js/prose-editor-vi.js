// The body editor's buttons and block-type menu in Vietnamese.
// django-prose-editor passes its dialog texts through gettext (translated in
// locale/vi/LC_MESSAGES/djangojs.po) but writes its toolbar tooltips and menu
// options in English; this relabels them as they appear.
(function () {
  "use strict";
  var LABELS = {
    "heading 2": "Tiêu đề cấp 2", "heading 3": "Tiêu đề cấp 3", "heading 4": "Tiêu đề cấp 4",
    "Heading 2": "Tiêu đề cấp 2", "Heading 3": "Tiêu đề cấp 3", "Heading 4": "Tiêu đề cấp 4",
    "paragraph": "Đoạn văn", "Paragraph": "Đoạn văn",
    "unordered list": "Danh sách dấu đầu dòng", "ordered list": "Danh sách đánh số",
    "blockquote": "Trích dẫn", "horizontal rule": "Đường kẻ ngang", "figure": "Chèn ảnh",
    "bold": "Chữ đậm", "italic": "Chữ nghiêng", "underline": "Gạch chân",
    "strike": "Gạch ngang", "subscript": "Chỉ số dưới", "superscript": "Chỉ số trên",
    "insert link": "Chèn liên kết", "remove link": "Bỏ liên kết",
    "Insert table": "Chèn bảng", "Add column": "Thêm cột", "Delete column": "Xoá cột",
    "Add row": "Thêm hàng", "Delete row": "Xoá hàng", "Merge cells": "Gộp ô",
    "Split cell": "Tách ô", "Toggle header cell": "Bật/tắt ô tiêu đề", "Delete table": "Xoá bảng",
    "undo": "Hoàn tác", "redo": "Làm lại", "edit HTML": "Sửa mã HTML",
    "Toggle fullscreen": "Toàn màn hình",
  };

  function translate(root) {
    root.querySelectorAll("[title], [aria-label]").forEach(function (el) {
      ["title", "aria-label"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && LABELS[value]) el.setAttribute(attr, LABELS[value]);
      });
    });
    root.querySelectorAll(".prose-menubar__option > *").forEach(function (el) {
      if (LABELS[el.textContent]) el.textContent = LABELS[el.textContent];
    });
  }

  // The menu is built after the editor reports ready, and dialogs come and
  // go: relabel whatever appears (one pass per frame at most).
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      translate(document);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
