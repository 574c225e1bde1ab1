"""Adult education (issue 12; SPEC 8; 002): programs, students, contact hours, assessments,
SEOPs, enrollee status, the student-file checklist and the NRS tables. Its rules are in
``seats.domain.adulted``; core never imports this app (it fills core's extension points in
``AdultEducationConfig.ready``)."""
