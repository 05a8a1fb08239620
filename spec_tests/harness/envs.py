"""Hypothesis strategies for the environments the location statements speak of."""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["posix_abs_paths", "segment", "windows_abs_paths", "xdg_values"]

#: One path component any POSIX file system takes: no separator, no NUL, no surrogate, not . or ..
segment = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\~"),
    min_size=1,
    max_size=10,
).filter(lambda s: s not in (".", "..") and s.strip() == s)


def posix_abs_paths(max_depth: int = 4) -> st.SearchStrategy[str]:
    """Absolute POSIX paths under a directory that does not exist here (no symlinks met)."""
    return st.lists(segment, min_size=1, max_size=max_depth).map(
        lambda parts: "/nonexistent-spec/" + "/".join(parts)
    )


def windows_abs_paths() -> st.SearchStrategy[str]:
    """Normal absolute Windows paths such as ``C:\\Users\\name\\AppData\\Local``."""
    drive = st.sampled_from("CDEZ")
    win_segment = segment.filter(lambda s: not any(c in s for c in ':*?"<>|') and s[-1] != " ")
    return st.builds(
        lambda d, parts: f"{d}:\\" + "\\".join(parts),
        drive,
        st.lists(win_segment, min_size=1, max_size=4),
    )


def xdg_values() -> st.SearchStrategy[str | None]:
    """What XDG_CACHE_HOME may hold: missing, empty, relative or absolute."""
    relative = st.lists(segment, min_size=1, max_size=3).map("/".join)
    return st.one_of(st.none(), st.just(""), relative, posix_abs_paths())
