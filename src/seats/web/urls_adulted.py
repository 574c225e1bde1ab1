"""URLs of adult education's pages (issue 12), included into seats.web.urls under "web"."""

from django.urls import URLPattern, path

from .adulted import reports, upload, views

urlpatterns: list[URLPattern] = [
    path("adult-ed/", views.students, name="adulted_students"),
    path("adult-ed/students/<int:pk>/", views.student, name="adulted_student"),
    path("adult-ed/students/<int:pk>/assessment/", views.assessment, name="adulted_assessment"),
    path("adult-ed/students/<int:pk>/checklist/", views.checklist, name="adulted_checklist"),
    path("adult-ed/students/<int:pk>/exit/", views.exit_enrollment, name="adulted_exit"),
    path("adult-ed/attendance/", views.attendance, name="adulted_attendance"),
    path("adult-ed/attendance/upload/", upload.upload, name="adulted_upload"),
    path("adult-ed/nrs/", views.nrs, name="adulted_nrs"),
    path("adult-ed/nrs.csv", views.nrs_csv, name="adulted_nrs_csv"),
    # Reports (issue 12 items 8-10): the WPU, the missing student-file items, the files.
    path("adult-ed/nrs.xlsx", reports.nrs_xlsx, name="adulted_nrs_xlsx"),
    path(
        "adult-ed/nrs/enrollees.<str:file_format>",
        reports.nrs_programs_export,
        name="adulted_enrollees_export",
    ),
    path("adult-ed/wpu/", reports.wpu_page, name="adulted_wpu"),
    path("adult-ed/wpu.<str:file_format>", reports.wpu_export, name="adulted_wpu_export"),
    path("adult-ed/student-files/", reports.checklist_page, name="adulted_files"),
    path(
        "adult-ed/student-files.<str:file_format>",
        reports.checklist_export,
        name="adulted_files_export",
    ),
]
