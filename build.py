#!/usr/bin/env python3
"""Build, serve and test the pyml site (standard library only).

    python build.py                     build dist/: the page, the pyml wheel, Pyodide
    python build.py --profile cdn       ... loading Pyodide from the official CDN instead
    python build.py serve [--port N]    build, then serve dist/ on http://localhost:N/
    python build.py test [PYTEST ARGS]  install what the tests need, build, run every test
    python build.py bench [OPTIONS]     benchmark the page: docs/benchmarks.md (tests/benchmarks/bench.py)

The site reads runtime.json, written here: {profile, indexURL (where Pyodide is), wheel (the
pyml wheel's path), worker ("classic" for Pyodide 0.17, "module" for current Pyodide), pyml}.

Runtime profiles: "bundled" (the default) copies the Pyodide core, numpy and its dependencies
into dist/pyodide/ (only what the page loads), so the site requests nothing from another host. The files
come from --pyodide-dist DIR (a Pyodide release folder) or else from the npm package
@pyodide/pyodide 0.17.1 (Pyodide 0.17.0 with numpy 1.17.5). "cdn" copies no runtime and loads the
Pyodide version pinned by package.json's "pyodide" dependency from jsDelivr.
"""

import argparse
import ast
import functools
import gzip
import hashlib
import http.server
import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NODE_MODULES = ROOT / "node_modules"
NPM_PYODIDE = NODE_MODULES / "@pyodide" / "pyodide" / "dist"
UPLOT = NODE_MODULES / "uplot" / "dist"
CDN_URL = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"
PACKAGES = ["numpy"]  # what the worker loads at boot; their dependencies come along
CORE = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.asm.data",
        "python_stdlib.zip"]
MARKER = ".pyml-build"  # marks a folder build.py made, so a rebuild may delete it
CHROMIUM = os.environ.get("PYML_CHROMIUM", "/usr/bin/chromium")


# ---------------------------------------------------------------- build

def build(out=ROOT / "dist", profile="bundled", pyodide_dist=None, allow_missing=False):
    """Assemble the static site in ``out`` and return its runtime config (runtime.json)."""
    out = Path(out)
    ensure_npm()
    if profile == "bundled":
        source = Path(pyodide_dist) if pyodide_dist else NPM_PYODIDE
        runtime = pyodide_files(source, PACKAGES, allow_missing)
        index_url = "pyodide/"
        modern = (source / "pyodide.mjs").exists()
    else:
        version = _npm_version("pyodide")
        index_url = CDN_URL.format(version=version)
        modern = tuple(map(int, version.split(".")[:2])) >= (0, 23)  # the first with pyodide.mjs
    _clear(out)
    shutil.copytree(ROOT / "web", out)
    (out / MARKER).touch()
    fill_exercise_pages(out / "exercises")
    shutil.copytree(UPLOT, out / "vendor" / "uplot")
    bundle_editor(out / "vendor" / "codemirror.js")
    wheel = build_wheel(out / "wheels")
    # The data the page draws while Python boots: the page's data programs run here (needs numpy).
    _run([sys.executable, str(ROOT / "tools" / "data_snapshots.py"), str(out / "data")])
    if profile == "bundled":
        copy_files(source, runtime, out / "pyodide")
        lighten(out / "pyodide")
    config = {
        "profile": profile,
        "indexURL": index_url,
        "wheel": "wheels/" + wheel.name,
        # Current Pyodide is an ES module that refuses classic workers; 0.17 needs importScripts.
        "worker": "module" if modern else "classic",
        "pyml": wheel.name.split("-")[1],
    }
    config["build"] = build_id(out)
    (out / "runtime.json").write_text(json.dumps(config, indent=2) + "\n")
    write_service_worker(out, config["build"])
    precompress(out)
    print("built %s (%s profile, Pyodide from %s)" % (_shown(out), profile, index_url))
    return config


# An exercise's own part of its page: its <title> and description, then its <h1> and lede, then
# <main data-exercise=... data-title=...> around its statement (a comment may come first).
EXERCISE_PART = re.compile(r"(?:<!--.*?-->\s*)?(?P<head><title>.*?)\s*(?P<header><h1>.*?)\s*"
                           r"<main (?P<main>data-exercise=[^>]*)>\n(?P<statement>.*?)\n</main>\s*", re.S)


def fill_exercise_pages(folder):
    """Put each exercise's own part (exercises/<name>.html) into the page every exercise shares (template.html).

    A file that is a whole page (it starts with <!doctype html>, as the list of exercises does) stays as it is.
    """
    template = (folder / "template.html").read_text(encoding="utf-8")
    (folder / "template.html").unlink()  # not a page of the site
    for page in sorted(folder.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if text.lower().startswith("<!doctype html>"):
            continue
        part = EXERCISE_PART.fullmatch(text)
        if part is None:
            sys.exit("error: web/exercises/%s is neither a whole page (<!doctype html> ...) nor an exercise's own part: "
                     "its <title> and <meta name=\"description\">, its <h1> and lede, then <main data-exercise=... "
                     "data-title=...> around the statement, as in web/exercises/sigmoid.html." % page.name)
        page.write_text(_filled(template, part), encoding="utf-8")


def _filled(template, part):
    """template.html with an exercise's part in its slots, in one pass (a statement may show "{main}")."""
    indents = {"head": "  ", "header": "    ", "main": "", "statement": ""}  # the slots' places in template.html
    return re.sub(r"\{(head|header|main|statement)\}",
                  lambda slot: part[slot[1]].replace("\n", "\n" + indents[slot[1]]), template)


def build_id(out):
    """A short hash of every file of the build: names the shared worker and the offline cache."""
    digest = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name not in (MARKER, "sw.js")):
        digest.update(path.relative_to(out).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_service_worker(out, build):
    """Fill in sw.js (web/sw.js): this build's name and every file the site may request."""
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.name not in (MARKER, "sw.js") and not p.name.endswith(".md"))
    files = [name if name != "index.html" else "./" for name in files] + ["index.html"]
    text = (out / "sw.js").read_text()
    text = text.replace('"__PYML_BUILD__"', json.dumps(build)).replace('["__PYML_FILES__"]', json.dumps(files))
    (out / "sw.js").write_text(text)


def _clear(out):
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            sys.exit("error: %s is not empty and is not a previous build; choose another --out." % out)
        shutil.rmtree(out)


# What the exercises' editor imports from CodeMirror 6: esbuild bundles it into one ES module.
EDITOR_ENTRY = """
export { EditorView, basicSetup } from "codemirror";
export { Compartment, EditorState } from "@codemirror/state";
export { keymap } from "@codemirror/view";
export { indentWithTab } from "@codemirror/commands";
export { python } from "@codemirror/lang-python";
"""


def bundle_editor(target):
    """Bundle the code editor (CodeMirror 6 from node_modules) into ``target``, one minified ES module."""
    target.parent.mkdir(parents=True, exist_ok=True)
    esbuild = NODE_MODULES / ".bin" / "esbuild"
    subprocess.run([str(esbuild), "--bundle", "--format=esm", "--minify", "--log-level=warning",
                    "--sourcefile=codemirror-entry.js", "--outfile=%s" % target],
                   input=EDITOR_ENTRY, text=True, cwd=ROOT, check=True)


def build_wheel(folder):
    """Build pyml's wheel with the standard PEP 517 front end (pip); return its path."""
    folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", scratch, str(ROOT)])
        (wheel,) = Path(scratch).glob("pyml_playground-*.whl")
        return Path(shutil.copy(wheel, folder))


def copy_files(source, names, dest):
    dest.mkdir(parents=True)
    for name in names:
        shutil.copy(source / name, dest / name)
    size = sum(f.stat().st_size for f in dest.iterdir())
    print("copied %d Pyodide files (%.0f MB) from %s" % (len(names), size / 1e6, _shown(source)))


def pyodide_files(source, wanted, allow_missing=False):
    """The files of the Pyodide core and of the ``wanted`` packages with their dependencies.

    The package metadata says what each package depends on and which files hold it:
    pyodide-lock.json (Pyodide 0.23+) or packages.json (0.21-0.22 in the same layout,
    0.17-0.20 as a plain dependency table whose packages are <name>.js + <name>.data).
    """
    for metadata in ("pyodide-lock.json", "packages.json"):
        if (source / metadata).exists():
            break
    else:
        sys.exit("error: %s is not a Pyodide distribution (no pyodide-lock.json or packages.json)." % source)
    table = json.loads((source / metadata).read_text())
    if "packages" in table:
        depends = {name: info.get("depends", []) for name, info in table["packages"].items()}
        files = {name: [info["file_name"]] for name, info in table["packages"].items()}
    else:
        depends = table["dependencies"]
        files = {name: [name + ".js", name + ".data"] for name in depends}
    needed, todo = [], list(wanted)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        if name not in depends:
            sys.exit("error: %s lists no package %r." % (source / metadata, name))
        needed.append(name)
        todo.extend(depends[name])
    core = [name for name in CORE if (source / name).exists()] + [metadata]
    names = core + [file for name in sorted(needed) for file in files[name]]
    missing = [name for name in names if not (source / name).exists()]
    if missing and not allow_missing:
        sys.exit(
            "error: %s lacks %s, needed for %s. Give --pyodide-dist a full Pyodide release folder."
            % (source, ", ".join(missing), " and ".join(wanted))
        )
    for name in missing:
        print("warning: %s is not in %s; the page will report it unavailable." % (name, _shown(source)))
    return [name for name in names if name not in missing]


# ---------------------------------------------------------------- precompressed files

# What the server (Handler) sends gzipped; the rest (images, wheels) is compressed already. (A
# newer Pyodide's python_stdlib.zip stores its files uncompressed.)
COMPRESSIBLE = {".js", ".mjs", ".wasm", ".data", ".json", ".html", ".css", ".svg", ".zip", ".py", ".md"}
PRECOMPRESS_MIN_BYTES = 1024  # below this the header costs more than the bytes saved
GZIP_CACHE = ROOT / "build" / "gzip-cache"  # build/ is ignored by git


def precompress(out):
    """Write NAME.gz beside each compressible file of ``out``, as small as gzip can make it.

    A server that sends precompressed files (``build.py serve``, nginx's gzip_static, Caddy's
    precompressed) sends these instead of compressing on the fly at a fast level: the first
    visit is about 0.4 MB smaller. With the zopfli package installed (the test requirements
    have it) the files are zopfli's, 4-6 % below gzip's best level; without it, gzip level 9.
    Cached in build/ by content, so a rebuild compresses only what changed.
    """
    try:
        import zopfli.gzip
        squeeze, how = (lambda data: zopfli.gzip.compress(data, numiterations=1)), "zopfli"
    except ImportError:
        squeeze, how = (lambda data: gzip.compress(data, compresslevel=9, mtime=0)), "gzip -9"
    GZIP_CACHE.mkdir(parents=True, exist_ok=True)
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or path.stat().st_size < PRECOMPRESS_MIN_BYTES:
            continue
        data = path.read_bytes()
        cached = GZIP_CACHE / (hashlib.sha256(data + how.encode()).hexdigest()[:24] + ".gz")
        if not cached.exists():
            cached.with_suffix(".part").write_bytes(squeeze(data))
            cached.with_suffix(".part").rename(cached)
        shutil.copy(cached, path.with_name(path.name + ".gz"))


# ---------------------------------------------------------------- a lighter runtime

# Files of Pyodide 0.17's standard library and numpy that pyml, the bridge, the test suite run
# inside Pyodide (pytest) and the code panel's programs never import: numpy's own tests, f2py,
# numpy.distutils, its docs, C headers and static library (numpy.core._multiarray_tests stays:
# numpy.core imports it to document it), the documentation topics of pydoc,
# XML-RPC and WSGI servers, multiprocessing (no processes in a browser), the clients and
# servers of mail, news, FTP, Telnet and CGI (no sockets either), the debugging tools of pickle,
# coverage and mocks, the pure-Python io and decimal (Pyodide has the C ones), and the codecs of
# legacy 8-bit and East Asian encodings.
# (distutils stays: micropip, which the suite inside Pyodide installs pytest with, needs it.) tests/browser/test_pyodide_suite.py runs the whole
# suite on the trimmed runtime.
NUMPY = "/lib/python3.8/site-packages/numpy/"
DROPPED = (NUMPY + "distutils/", NUMPY + "f2py/", NUMPY + "doc/", NUMPY + "core/include/", NUMPY + "core/lib/",
           "/lib/python3.8/site-packages/numpy-1.17.5-py3.8.egg-info/SOURCES",
           "/bin/f2py", "/lib/python3.8/pydoc_data/", "/lib/python3.8/xmlrpc/", "/lib/python3.8/wsgiref/",
           "/lib/python3.8/multiprocessing/", "/lib/python3.8/_pydecimal.py",
           *("/lib/python3.8/%s" % name for name in (
               "smtplib.py", "smtpd.py", "imaplib.py", "nntplib.py", "ftplib.py", "poplib.py", "telnetlib.py",
               "socketserver.py", "http/server.py", "cgi.py", "cgitb.py", "mailbox.py", "mailcap.py",
               "pickletools.py", "_pyio.py", "trace.py", "unittest/mock.py")))
CODECS = "/lib/python3.8/encodings/"
# The codecs kept: Unicode's, ASCII and Latin-1, the escapes, cp437 (zip file names) and
# cp1252 (Windows text files), IDNA, and the binary-to-text ones.
KEPT_CODECS = {"__init__", "aliases", "ascii", "latin_1", "charmap", "cp437", "cp1252", "utf_7", "utf_8",
               "utf_8_sig", "utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le",
               "unicode_escape", "raw_unicode_escape", "idna", "punycode", "base64_codec", "hex_codec"}


def _shipped(filename):
    if filename.startswith(DROPPED) or "/tests/" in filename:
        return False
    if filename.startswith(CODECS):
        return filename[len(CODECS):].rsplit(".", 1)[0] in KEPT_CODECS
    return True


def _without_comments(source):
    """Python source without its comments, line for line (tracebacks keep their line numbers).

    Comments are a third of the standard library's text and nothing the page runs. The result
    must compile to the same syntax tree as the source, else the source is kept as it is.
    """
    try:
        text = source.decode("utf-8")
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        original = ast.dump(ast.parse(text))
    except (UnicodeDecodeError, SyntaxError, tokenize.TokenError, ValueError):
        return source
    lines = text.splitlines(keepends=True)
    for token in tokens:
        row, column = token.start
        if token.type != tokenize.COMMENT or (row <= 2 and re.match(r"#.*coding[:=]", token.string)):
            continue
        line = lines[row - 1]
        lines[row - 1] = line[:column].rstrip() + ("\n" if line.endswith("\n") else "")
    stripped = "".join(lines)
    try:
        same = ast.dump(ast.parse(stripped)) == original
    except SyntaxError:
        same = False
    return stripped.encode("utf-8") if same else source


LZ4_CHUNK = 2048  # Emscripten's LZ4.CHUNK_SIZE
RUNTIME_CACHE = ROOT / "build" / "runtime-cache"  # build/ is ignored by git


def lighten(folder):
    """Repack Pyodide 0.17's file-system images (pyodide.asm.data, numpy.data) without DROPPED.

    Emscripten stores them as LZ4 blocks of 2,048 bytes, which gzip cannot shrink much further
    (numpy.data: 8.7 MB, 5.6 MB gzipped). The repacked images store every block uncompressed
    (the loader's "not compressed" flag), so the server's gzip compresses the files themselves:
    numpy.data without DROPPED sends 2.9 MB. The result is cached per source in build/.
    """
    for js, data in (("pyodide.asm.js", "pyodide.asm.data"), ("numpy.js", "numpy.data")):
        if not (folder / js).exists() or "compressedData" not in (folder / js).read_text(errors="replace"):
            continue  # another Pyodide: copied as it is
        recipe = repr((DROPPED, sorted(KEPT_CODECS), inspect.getsource(_without_comments))).encode()
        key = hashlib.sha256((folder / js).read_bytes() + recipe).hexdigest()[:16]
        cached = RUNTIME_CACHE / key
        if not (cached / data).exists():
            cached.mkdir(parents=True, exist_ok=True)
            text, blob = _repack((folder / js).read_text(), (folder / data).read_bytes())
            (cached / js).write_text(text)
            (cached / (data + ".part")).write_bytes(blob)
            (cached / (data + ".part")).rename(cached / data)
        shutil.copy(cached / js, folder / js)
        shutil.copy(cached / data, folder / data)


def _repack(text, blob):
    numbers = lambda name: [int(float(x)) for x in re.search(  # noqa: E731
        r'[{,"]%s"?:\[([0-9e.,]*)\]' % name, text).group(1).split(",") if x]
    offsets, sizes, packed = numbers("offsets"), numbers("sizes"), numbers("successes")
    metadata = re.search(r'loadPackage\((\{"?files"?:\[(?:\{[^{}]*\},?)*\],"?remote_package_size"?:[0-9e.]+,'
                         r'"?package_uuid"?:"[^"]*"\})\)', text)
    files = [{"filename": f, "start": int(float(s)), "end": int(float(e)), "audio": 0} for f, s, e in re.findall(
        r'\{"?filename"?:"([^"]*)","?start"?:([0-9e.]+),"?end"?:([0-9e.]+)', metadata.group(1))]
    total = max(f["end"] for f in files)
    raw = bytearray()
    for k, (offset, size, compressed) in enumerate(zip(offsets, sizes, packed)):
        chunk = blob[offset:offset + size]
        raw += _lz4_block(chunk, min(LZ4_CHUNK, total - LZ4_CHUNK * k)) if compressed else chunk
    kept, image = [], bytearray()
    for f in files:
        if _shipped(f["filename"]):
            content = raw[f["start"]:f["end"]]
            if f["filename"].endswith(".py"):
                content = _without_comments(content)
            kept.append(dict(f, start=len(image), end=len(image) + len(content)))
            image += content
    n = (len(image) + LZ4_CHUNK - 1) // LZ4_CHUNK
    compressed_data = {"data": None, "cachedOffset": len(image), "cachedIndexes": [-1, -1], "cachedChunks": [None, None],
                       "offsets": [k * LZ4_CHUNK for k in range(n)],
                       "sizes": [min(LZ4_CHUNK, len(image) - k * LZ4_CHUNK) for k in range(n)], "successes": [0] * n}
    image += bytes(2 * LZ4_CHUNK)  # the loader's room for its two cached chunks
    uuid = hashlib.sha256(image).hexdigest()
    new_metadata = {"files": kept, "remote_package_size": len(image), "package_uuid": uuid}
    text = text.replace(metadata.group(0), "loadPackage(%s)" % json.dumps(new_metadata, separators=(",", ":")))
    text = re.sub(r'var compressedData=\{"?data"?:null,.*?"?successes"?:\[[0-9e.,]*\]\}',
                  lambda _: "var compressedData=" + json.dumps(compressed_data, separators=(",", ":")), text, count=1)
    return text, bytes(image)


def _lz4_block(source, size):
    """Decompress one LZ4 block (the format: sequences of literals, then a match to copy)."""
    out, i = bytearray(), 0
    while i < len(source):
        token = source[i]
        i += 1
        length, i = _lz4_length(source, i, token >> 4)
        out += source[i:i + length]
        i += length
        if i >= len(source):
            break  # the last sequence has literals only
        distance = source[i] | source[i + 1] << 8
        i += 2
        length, i = _lz4_length(source, i, token & 15)
        length += 4
        start = len(out) - distance
        while length > 0:  # a match may overlap what it writes: copy in steps of the distance
            piece = out[start:start + min(length, distance)]
            out += piece
            start += len(piece)
            length -= len(piece)
    if len(out) != size:
        raise ValueError("LZ4 block decompressed to %d bytes, expected %d" % (len(out), size))
    return bytes(out)


def _lz4_length(source, i, length):
    """A length read from a token's 4 bits; 15 means it goes on in the bytes at ``i``, each added
    until one below 255. Returns the length and the index after it."""
    if length == 15:
        while source[i] == 255:
            length += 255
            i += 1
        length += source[i]
        i += 1
    return length, i


def ensure_npm():
    """Install the npm packages from the lock file unless node_modules already matches it."""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for path, info in lock["packages"].items():
        installed = ROOT / path / "package.json"
        if info.get("optional") and not installed.exists():
            continue  # another platform's binary (esbuild's): npm skips it here
        if path and (not installed.exists() or json.loads(installed.read_text())["version"] != info["version"]):
            _run(["npm", "ci", "--no-audit", "--no-fund"])
            return


def _npm_version(package):
    """The exact version of ``package`` pinned in package.json."""
    version = json.loads((ROOT / "package.json").read_text())["dependencies"][package]
    if not version[:1].isdigit():
        sys.exit("error: package.json must pin %s to an exact version for the CDN URL, got %r." % (package, version))
    return version


# ---------------------------------------------------------------- serve

class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right type for .wasm/.mjs, gzip when accepted, and no stale caching:
    the browser revalidates every file, and an unchanged one costs a 304 Not Modified, not a download."""

    protocol_version = "HTTP/1.1"  # browsers revalidate with an ETag only over HTTP/1.1
    etag = None  # the validator of the file being answered

    extensions_map = dict(
        http.server.SimpleHTTPRequestHandler.extensions_map,
        **{".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
           ".json": "application/json", ".data": "application/octet-stream"},
    )

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")  # revalidate: a rebuild is seen at once
        if self.etag:
            self.send_header("ETag", self.etag)
            self.etag = None
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file():
            stat = path.stat()
            self.etag = 'W/"%x-%x"' % (stat.st_mtime_ns, stat.st_size)
            if self.etag in self.headers.get("If-None-Match", ""):
                self.send_response(304)
                self.end_headers()
                return None
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in COMPRESSIBLE
            or not path.is_file()
        ):
            return super().send_head()
        ready = path.with_name(path.name + ".gz")  # precompress() made it, smaller than ours
        if ready.is_file() and ready.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            body = ready.read_bytes()
        else:
            body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


class _Body:
    """The file-like object send_head returns, over bytes already in memory."""

    def __init__(self, data):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


# Level 6, not 1: 0.94 MB less for the boot's 27.4 MB of files (12.70 instead of 13.64 MB), for
# 0.64 s more compression once per server process (1.05 s instead of 0.41 s). On a 10 Mbit/s
# network every first visit is faster with it (the very first after a start too); at 50 Mbit/s
# all but that very first; on localhost the very first visit pays the 0.3 s once.
GZIP_LEVEL = 6


@functools.lru_cache(maxsize=256)  # room for every compressible file of the site (65 now, 13 MB compressed)
def _gzipped(path, mtime_ns):
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=GZIP_LEVEL)


def make_server(folder, port=0, verbose=False):
    """An HTTP server for ``folder`` on localhost (``port`` 0 picks a free one)."""
    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.verbose = verbose
    server.daemon_threads = True
    return server


# ---------------------------------------------------------------- test

def install_test_dependencies():
    """Install what the tests need, skipping each part that is already there."""
    missing = [req for req in _test_requirements() if not _installed(req)]
    if missing:
        # A Debian system Python refuses pip installs (PEP 668) unless told otherwise.
        managed = (Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").exists()
        _run([sys.executable, "-m", "pip", "install", *missing] + (["--break-system-packages"] if managed else []))
    debian = [package for package, present in (("npm", shutil.which("npm")), ("chromium", Path(CHROMIUM).exists()))
              if not present]
    if debian:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        os.environ.setdefault("DEBIAN_FRONTEND", "noninteractive")  # CI has no terminal to ask questions on
        _run(sudo + ["apt-get", "update"])
        _run(sudo + ["apt-get", "install", "-y", *debian])
    ensure_npm()


def _test_requirements():
    """pyml's dependencies and the [project.optional-dependencies] test list of pyproject.toml."""
    import tomllib  # Python 3.11+, which this script's tests run on

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def _installed(requirement):
    from importlib import metadata

    name = requirement.split(">")[0].split("=")[0].split("<")[0].strip()
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


# ---------------------------------------------------------------- command line

def _run(command):
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def _shown(path):
    path = Path(path).resolve()
    return path.relative_to(ROOT) if ROOT in path.parents else path


def cmd_build(args, extra):
    build(args.out, args.profile, args.pyodide_dist, args.allow_missing)


def cmd_serve(args, extra):
    build(args.out, args.profile, args.pyodide_dist, args.allow_missing)
    server = make_server(args.out, args.port, verbose=True)
    print("serving %s at http://localhost:%d/ (Ctrl+C stops)" % (_shown(args.out), server.server_port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def cmd_test(args, extra):
    install_test_dependencies()
    build(args.out, args.profile, args.pyodide_dist, args.allow_missing)
    environment = dict(os.environ, PYML_DIST=str(Path(args.out).resolve()))  # what the browser tests serve
    return subprocess.call([sys.executable, "-m", "pytest", *extra], cwd=ROOT, env=environment)


def cmd_bench(args, extra):
    install_test_dependencies()
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    import bench  # builds its own copy of the site in build/bench-site

    return bench.main(extra)


COMMANDS = {"build": cmd_build, "serve": cmd_serve, "test": cmd_test, "bench": cmd_bench}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], usage="%(prog)s [command] [options]", allow_abbrev=False
    )
    parser.add_argument("command", nargs="?", default="build", choices=sorted(COMMANDS))
    parser.add_argument("--profile", choices=["bundled", "cdn"], default="bundled", help="where Pyodide comes from")
    parser.add_argument("--pyodide-dist", metavar="DIR", help="a Pyodide release folder to copy (bundled profile)")
    parser.add_argument("--allow-missing", action="store_true",
                        help="build even when DIR lacks numpy's files (to test a core-only Pyodide)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="the output folder (default dist/)")
    parser.add_argument("--port", type=int, default=8000, help="serve: the port (default 8000)")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in ("test", "bench"):
        parser.error("unrecognized arguments: %s" % " ".join(extra))
    sys.exit(COMMANDS[args.command](args, extra) or 0)


if __name__ == "__main__":
    main()
