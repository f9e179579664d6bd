"""The editor's "Chọn ảnh..." window: upload an image for the article body.

django-prose-editor's Figure extension opens `pickerUrl` in a window with
`CKEditorFuncNum` and expects `window.opener.CKEDITOR.tools.callFunction(n,
url, data)` back (the CKEditor 4 file-browser protocol); static/js/
body-image-picker.js makes that call, so no inline script is needed.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from images.ingest import ACCEPTED_LABEL, IMAGE_FORM_ERRORS

from ..body_images import BodyImage
from ..uploads import upload_body_image
from .forms import AnyFileNameMixin


class BodyImageForm(AnyFileNameMixin, forms.ModelForm):
    alt = forms.CharField(label="Mô tả ảnh (cho người khiếm thị)", max_length=300, required=True)
    caption = forms.CharField(label="Chú thích ảnh", max_length=300, required=False)

    class Meta:
        model = BodyImage
        fields = ["image"]
        error_messages = {"image": IMAGE_FORM_ERRORS}


class BodyImagePickerMixin:
    """Adds the picker view to the article admin (same permissions as adding
    or changing an article)."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.body_image_view)
        urls = [path("anh-noi-dung/", view, name="articles_article_body_image")]
        return urls + super().get_urls()

    def body_image_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        func_num = request.GET.get("CKEditorFuncNum", "")
        form = BodyImageForm(request.POST or None, request.FILES or None)
        uploaded = None
        if request.method == "POST" and form.is_valid():
            uploaded = upload_body_image(image=form.cleaned_data["image"], by=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": "Chèn ảnh vào bài",
            "form": form,
            "func_num": func_num if func_num.lstrip("-").isdigit() else "",
            "uploaded": uploaded,
            "is_popup": True,
            "accepted_formats": f"Các định dạng được nhận: {ACCEPTED_LABEL}.",
        }
        return TemplateResponse(request, "admin/articles/body_image_picker.html", context)
