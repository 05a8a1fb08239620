"""A clean process environment for the pip under test.

This machine (and many CI machines) carries global pip configuration and CA-bundle variables
that change what pip does. The pip under test gets none of them: configuration files are switched
off with ``PIP_CONFIG_FILE=/dev/null`` unless a test names its own. The suite's own installs are
not affected: only environments built here are cleaned.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["DROPPED_PREFIXES", "DROPPED_VARIABLES", "clean_env"]

#: Variables whose prefix makes them configuration of pip or of the platform's directory rules.
DROPPED_PREFIXES = ("PIP_", "XDG_", "SSL_CERT_", "PYTHON")
#: Single variables that point pip's HTTP stack at the machine's CA bundles.
DROPPED_VARIABLES = frozenset(
    {"REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NIX_SSL_CERT_FILE", "AWS_CA_BUNDLE", "LOCALAPPDATA"}
)


def clean_env(base: Mapping[str, str] | None = None, /, **overrides: str) -> dict[str, str]:
    """``base`` (default ``os.environ``) without pip configuration, plus ``overrides``.

    Always sets ``PIP_CONFIG_FILE=/dev/null`` (no configuration file is read: pip skips the
    global, user and site files too), ``PIP_DISABLE_PIP_VERSION_CHECK=1`` and ``PIP_NO_INPUT=1``;
    an override of the same name wins.
    """
    env = {
        k: v
        for k, v in (os.environ if base is None else base).items()
        if not k.startswith(DROPPED_PREFIXES) and k not in DROPPED_VARIABLES
    }
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return env
