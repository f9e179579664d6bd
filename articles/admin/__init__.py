"""The articles in the Django admin, for the desk (editors and approvers).

- articles.py: the article list and change form;
- desk.py: the workflow buttons and list actions, and the revision views;
- versions.py: the version the form and the list's rows carry;
- presence.py: who else has a change form open;
- body_images.py: the editor's "Chọn ảnh..." upload window;
- taxonomy.py: categories and topics;
- pages.py: the agency's pages (Giới thiệu, Liên hệ, English);
- forms.py: the admin's forms.
"""

from django.contrib import admin

from . import articles, pages, taxonomy

admin.site.site_header = "Quản trị Cổng Thông tin điện tử"
admin.site.site_title = "Quản trị VPCP"
admin.site.index_title = "Trang quản trị"
# The article list needs the width at 1280 px more than a second menu does.
admin.site.enable_nav_sidebar = False

__all__ = ["articles", "pages", "taxonomy"]
