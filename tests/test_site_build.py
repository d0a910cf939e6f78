"""What build.py ships of Pyodide's standard library and numpy, and how it compresses the site.

The trimmed runtime itself is checked whole by tests/browser/test_pyodide_suite.py (the
numpy-only suite runs on it) and by every browser test (the page boots on it).
"""

import ast
import gzip

SOURCE = '''#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""A module.  # not a comment: a docstring"""
import os  # why os


def f(x):
    # a comment on its own line
    s = "# not a comment either"
    return x + 1  # one more
'''


def test_comments_go_line_for_line_and_the_program_stays_the_same(build):
    stripped = build._without_comments(SOURCE.encode()).decode()
    assert ast.dump(ast.parse(stripped)) == ast.dump(ast.parse(SOURCE))
    assert stripped.count("\n") == SOURCE.count("\n")  # tracebacks keep their line numbers
    assert "why os" not in stripped and "a comment on its own line" not in stripped and "one more" not in stripped
    assert "# -*- coding: utf-8 -*-" in stripped  # the encoding declaration stays
    assert '"# not a comment either"' in stripped and "# not a comment: a docstring" in stripped


def test_source_that_does_not_parse_is_shipped_as_it_is(build):
    for source in (b"print 'Python 2'  # old\n", b"\xff\xfe not UTF-8 # x\n"):
        assert build._without_comments(source) == source


def test_what_the_page_never_imports_is_left_out(build):
    kept = [
        "/lib/python3.8/site-packages/numpy/core/_multiarray_umath.so",
        "/lib/python3.8/site-packages/numpy/core/_multiarray_tests.so",  # numpy.core documents it
        "/lib/python3.8/site-packages/numpy/testing/_private/utils.py",
        "/lib/python3.8/encodings/utf_8.py",
        "/lib/python3.8/encodings/cp437.py",  # zip file names (micropip unpacks wheels)
        "/lib/python3.8/distutils/util.py",  # micropip
        "/lib/python3.8/unittest/case.py",  # numpy.testing
        "/lib/python3.8/email/parser.py",
    ]
    dropped = [
        "/lib/python3.8/site-packages/numpy/core/tests/test_api.py",
        "/lib/python3.8/site-packages/numpy/f2py/__init__.py",
        "/lib/python3.8/site-packages/numpy/core/include/numpy/ndarrayobject.h",
        "/lib/python3.8/encodings/shift_jis.py",
        "/lib/python3.8/encodings/cp1251.py",
        "/lib/python3.8/multiprocessing/pool.py",
        "/lib/python3.8/smtplib.py",
        "/lib/python3.8/_pydecimal.py",
    ]
    assert [name for name in kept if not build._shipped(name)] == []
    assert [name for name in dropped if build._shipped(name)] == []


def test_precompressed_files_are_the_same_bytes_and_served_in_place_of_gzip_on_the_fly(build, tmp_path):
    import threading
    import urllib.request

    text = ("<p>%s</p>\n" % ("pyml " * 400)).encode()
    (tmp_path / "page.html").write_bytes(text)
    (tmp_path / "tiny.css").write_bytes(b"p{}")
    (tmp_path / "model.whl").write_bytes(bytes(range(256)) * 8)
    build.precompress(tmp_path)
    assert gzip.decompress((tmp_path / "page.html.gz").read_bytes()) == text
    assert not (tmp_path / "tiny.css.gz").exists()  # too small to be worth it
    assert not (tmp_path / "model.whl.gz").exists()  # compressed already
    server = build.make_server(tmp_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        request = urllib.request.Request("http://127.0.0.1:%d/page.html" % server.server_port,
                                         headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.read() == (tmp_path / "page.html.gz").read_bytes()
    finally:
        server.shutdown()
        server.server_close()
