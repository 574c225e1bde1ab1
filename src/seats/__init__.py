"""SEATS: Student Enrollment and Tracking System for a statewide online education program."""
