"""Classroom mode: grading other people's work for credit.

An instructor grades a whole class (:mod:`.batch`, ``gradwork grade``) or one
Gradescope submission at a time (:mod:`.gradescope`); both find and stage a
submission in the one way :mod:`.submission` defines, and grade it through the
same engine a student runs, at hidden strength and behind the ``uid`` isolation
level or better. :mod:`.release` builds the student edition, which grades from a
recorded corpus (:mod:`.corpus`) instead of the reference solutions.
"""
