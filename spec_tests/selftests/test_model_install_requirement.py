"""What the model makes of a requirement on its command line (:mod:`model.install.requirement`).

Pure: no file is read (``exists``/``isdir`` are the test's). The refusals are the model's own one
line each; the ``#egg=`` name of a URL is pip's (``Link.egg_fragment``: the value of the first
``egg`` key of the fragment's ``&``-separated items), which names a URL's project.
"""

from __future__ import annotations

import pytest

from model.install.requirement import Direct, Unsupported, classify


def _direct(text: str) -> Direct:
    found = classify(text, "/w", exists=lambda _: False, isdir=lambda _: False)
    assert isinstance(found, Direct)
    return found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("git+https://h/r@abc#egg=Foo_Bar", "foo-bar"),
        ("git+ssh://git@h/r@main#subdirectory=s&egg=Foo", "foo"),
        ("git+http://h/r@main#egg=a&subdirectory=s=t", "a"),
        ("git+file:///r@main#subdirectory=egg", None),
        ("https://h/p-1.0.tar.gz#egg=", None),
        ("https://h/p-1.0.tar.gz#sha256=egg", None),
    ],
)
def test_url_names_its_project_by_egg_fragment(text: str, name: str | None) -> None:
    assert _direct(text).link.name == name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hg+https://h/r", "hg+https://h/r: only git is supported among version control systems"),
        ("git+ftp://h/r@a", "git+ftp://h/r@a: unsupported git URL scheme 'git+ftp'"),
        ("foo @ ftp://h/x.whl", "foo @ ftp://h/x.whl: unsupported URL scheme 'ftp'"),
        (
            'foo; python_version>"3"',
            'foo; python_version>"3": environment markers are not supported',
        ),
    ],
)
def test_refusals_say_what(text: str, message: str) -> None:
    with pytest.raises(Unsupported) as caught:
        classify(text, "/w")
    assert str(caught.value) == message


@pytest.mark.parametrize("scheme", ["git+file", "git+https", "git+http", "git+ssh"])
def test_git_schemes_accepted(scheme: str) -> None:
    assert _direct(f"{scheme}://h/r@main").link.url == f"{scheme}://h/r@main"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("file:///w/d", "/w/d"),
        ("file:///w/p%20q/x-1.0.tar.gz", "/w/p q/x-1.0.tar.gz"),
        ("x @ file:///w/d", "/w/d"),
        ("https://h/x-1.0-py3-none-any.whl", None),
        ("x @ https://h/x-1.0.tar.gz", None),
        ("git+file:///w/r@main", None),
        ("x @ git+file:///w/r@main", None),
    ],
)
def test_only_a_local_file_or_directory_has_a_path(text: str, path: str | None) -> None:
    """The installer reads such a path in place (a directory is built there); others are fetched."""
    assert _direct(text).path == path


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("sub/d", "/w/sub/d"),
        (".", "/w"),
        ("x-1.0-py3-none-any.whl", "/w/x-1.0-py3-none-any.whl"),
        ("x-1.0.tar.gz", "/w/x-1.0.tar.gz"),
    ],
)
def test_paths_are_told_from_names(text: str, path: str) -> None:
    found = classify(text, "/w", exists=lambda p: p == path, isdir=lambda p: p == path)
    assert isinstance(found, Direct)
    assert found.path == path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" ", "an empty requirement"),
        ("-r reqs.txt", "-r reqs.txt: editables and requirement files are not supported"),
        ("./gone", "./gone: no such file or directory"),
        ("sub/notes.txt", "sub/notes.txt: neither a directory, an sdist nor a wheel"),
        ("x==", "invalid requirement 'x==': Expected "),
    ],
)
def test_refusals_of_the_text(text: str, message: str) -> None:
    with pytest.raises(Unsupported) as caught:
        classify(text, "/w", exists=lambda p: p == "/w/sub/notes.txt", isdir=lambda _: False)
    assert str(caught.value).startswith(message)
