"""The numbers of each scene, one module per scene, built from the shared runs of :mod:`zz_math.runs`.

Each module has one frozen dataclass and one ``*_data(problem)`` builder that the scene reads and
``zigzag data`` exports (:mod:`zz_math.export`).
"""
