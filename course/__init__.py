"""`python -m course`: the learner's and instructor's front door to the course.

list the days and your progress, start a day's starter, check your attempt against the day's
rubric, read its hints, grade a learner's (or a class's) attempts, and check your machine.
"""
