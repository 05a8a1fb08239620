"""The reference model of pip's caching, as pip's documentation page 'Caching' (v24.2) describes it.

Pure decision modules take their inputs (environment, time, stored entries) as arguments; thin I/O
modules sit on top. The model claims pip 24.2's behaviour.
"""

from packaging.version import Version

#: The pip release whose documented and observed behaviour the model reproduces.
PIP_VERSION = Version("24.2")
__version__ = "0.1.0"
