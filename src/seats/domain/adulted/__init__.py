"""Adult education's pure rules (002; SPEC 8): NRS tables, levels, enrollee status, funding
codes, the 990-hour WPU, the student-file checklist, contact hours and the NRS report counts."""
