"""An output folder that a build replaces whole: locked, staged beside it, and swapped into
place.

:func:`sygraph.builder.build_folder` (what ``sygraph build`` runs) writes through it. Before any article is
read it takes the folder's lock (a second build into the same folder fails at once, with one
line), removes what builds that died left behind, and checks that the folder can be
written. Every output, ``report.json`` last, is written into a staging folder beside the
output folder (``.OUT.sygraph-tmp-PID``); only when all are written are the two folders
exchanged, in one ``renameat2(RENAME_EXCHANGE)`` on Linux (elsewhere, two renames that the
next build completes or undoes). A Ctrl-C, a SIGTERM, a SIGKILL or a full disk at any moment
leaves the previous outputs whole: never some files of one build beside some of another.

The output folder holds one build's files: sygraph's files (``sygraph.*``, ``nodes.csv``,
``edges.csv``, ``report.json``) that this build did not produce are gone after it, and
everything else in the folder (a store, your notes) is carried over untouched. Where the
folder cannot be exchanged (it is a mount point, the current directory or above it, holds an
input, holds a folder sygraph may not move, or its parent is not writable), the staging
folder is made inside it and the files are renamed into place one by one, ``report.json``
last, with Ctrl-C and SIGTERM held off while they are.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import ExportError
from .formats import FILE_NAMES

__all__ = ["OutputFolder", "strerror", "Terminated", "sigterm_interrupts", "deferred_signals",
           "distinct_lines", "REPORT", "OWNED", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_TERMINATED"]

REPORT = "report.json"
# the files of an output folder that are sygraph's: a build replaces them as a set
OWNED = frozenset({name for names in FILE_NAMES.values() for name in names} | {REPORT})
EXIT_INTERNAL = 4  # built, but sygraph failed on some articles (a bug)
EXIT_INTERRUPTED = 130  # SIGINT, Ctrl-C
EXIT_TERMINATED = 143  # SIGTERM

_STAGING = "sygraph-tmp"
_PUT_ASIDE = "sygraph-old"
_LOCK = "sygraph-lock"
_INSIDE = re.compile(r"\.sygraph-(?:tmp|probe)-\d+")  # in the output folder itself
_STOP_SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


# -- signals ------------------------------------------------------------------------------

class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the build is, like Ctrl-C: the same clean-up runs."""


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` (a KeyboardInterrupt), so a build
    stopped by ``kill`` or a service manager cleans up as after Ctrl-C."""
    if not _main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def terminate(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """SIGINT and SIGTERM held off while inside (a commit, a clean-up), then acted on."""
    if not _main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        if caught:
            handler = previous.get(caught[0])
            if callable(handler):
                handler(caught[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), caught[0])


# -- the output folder --------------------------------------------------------------------

def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system
    or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, getattr(errno, "ENOTSUP", errno.EINVAL), errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync(path: Path, directory: bool = False) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def strerror(err: OSError) -> str:
    return err.strerror or str(err)


class OutputFolder:
    """The output folder of one build: locked while the build runs, written through a
    staging folder, replaced whole by :meth:`commit`. Use as a context manager; leaving it
    without a commit removes the staging folder and leaves the previous outputs as they were.

    ``inputs`` are the build's inputs (a folder that holds one is not moved);
    ``on_warning`` hears of anything left behind that is not sygraph's to remove.
    """

    def __init__(self, path: str | Path, *, inputs: Iterable[str | Path] = (),
                 on_warning: Callable[[str], None] | None = None):
        self.given = Path(path)
        self.path = Path(os.path.realpath(path))  # a link to a folder: the folder is replaced
        self.inputs = [os.path.realpath(p) for p in inputs]
        self.staging: Path | None = None
        self.whole = True
        self.committed = False
        self._warn = on_warning or (lambda message: None)
        self._lock_fd: int | None = None
        self._lock_path: Path | None = None

    def __enter__(self) -> OutputFolder:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- opening
    def open(self) -> None:
        out = self.path
        if os.path.lexists(out) and not out.is_dir():
            raise ExportError(f"{self.given}: not a folder")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ExportError(f"{self.given}: cannot create ({strerror(err)})") from None
        self._lock()
        try:
            with deferred_signals():
                self._recover()
            self._check_owned()
            self._make_staging()
        except BaseException:
            self._unlock()
            raise

    def _beside(self, kind: str) -> Path:
        """``.OUT.sygraph-lock``, or ``.OUT.sygraph-tmp-PID`` and ``.OUT.sygraph-old-PID``."""
        name = f".{self.path.name}.{kind}" if kind == _LOCK else f".{self.path.name}.{kind}-{os.getpid()}"
        return self.path.parent / name

    def _lock(self) -> None:
        """Take the folder's lock: beside the folder, or inside it where its parent is not
        writable. A build holding it makes this one fail at once, saying so."""
        try:
            import fcntl
        except ImportError:  # not on a POSIX system: no lock
            return
        candidates = [self._beside(_LOCK)]
        if self.path.is_dir():
            candidates.append(self.path / f".{_LOCK}")
        failure: OSError | None = None
        for path in candidates:
            while True:
                try:
                    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
                except OSError as err:
                    failure = err
                    break
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as err:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    os.close(fd)
                    if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        raise ExportError(f"{self.given}: another build (pid {holder}) is writing this folder; "
                                          "wait for it to end, or write elsewhere with -o") from None
                    raise ExportError(f"{self.given}: cannot lock ({strerror(err)})") from None
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(path))
                except OSError:
                    same = False
                if not same:  # removed by the build that held it, as it ended: take the new one
                    os.close(fd)
                    continue
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
                self._lock_fd, self._lock_path = fd, path
                _held_locks.add(fd)
                return
        raise ExportError(f"{self.given}: cannot write ({strerror(failure)})") from None

    def _unlock(self) -> None:
        fd, path = self._lock_fd, self._lock_path
        if fd is None:
            return
        self._lock_fd = self._lock_path = None
        _held_locks.discard(fd)
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                os.unlink(path)  # while still holding it: a waiting build sees a new file
        os.close(fd)

    def _recover(self) -> None:
        """What builds that died left: an output folder put aside (put back if the folder is
        missing), staging folders (whatever in them is not sygraph's goes back), temporary
        files and probes inside the folder. Runs under the lock, so none is a live build's."""
        out, parent = self.path, self.path.parent
        prefix = f".{out.name}."
        pattern = re.compile(rf"(?:{_STAGING}|{_PUT_ASIDE})-\d+")
        try:
            stale = sorted(e for e in os.listdir(parent) if e.startswith(prefix) and pattern.fullmatch(e[len(prefix):]))
        except OSError:
            stale = []
        if not os.path.lexists(out):
            aside = [e for e in stale if f".{_PUT_ASIDE}-" in e]
            if aside:  # an exchange by two renames, stopped between them
                os.rename(parent / aside[-1], out)
                stale.remove(aside[-1])
        for name in stale:
            self._reclaim(parent / name)
        if out.is_dir():
            temporary = re.compile("|".join(rf"\.{re.escape(n)}\..+\.tmp" for n in sorted(OWNED)))
            for name in os.listdir(out):
                path = out / name
                if _INSIDE.fullmatch(name) and path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                elif (_INSIDE.fullmatch(name) or temporary.fullmatch(name)) and path.is_file():
                    path.unlink(missing_ok=True)

    def _reclaim(self, folder: Path) -> None:
        """Empty a dead build's staging (or put-aside) folder: entries that are not sygraph's
        go back into the output folder, sygraph's are removed."""
        kept = []
        for name in sorted(os.listdir(folder)):
            if name in OWNED or _INSIDE.fullmatch(name) or name.endswith(".tmp"):
                continue
            target = self.path / name
            if self.path.is_dir() and not os.path.lexists(target):
                os.rename(folder / name, target)
            else:
                kept.append(name)
        if kept:
            self._warn(f"{folder}: left in place: it holds {', '.join(kept)}, which sygraph did not write")
            return
        shutil.rmtree(folder, ignore_errors=True)

    def _check_owned(self) -> None:
        if not self.path.is_dir():
            return
        for name in sorted(OWNED):
            path = self.path / name
            if path.is_dir() and not path.is_symlink():
                raise ExportError(f"{path}: a folder where sygraph writes a file")

    def _in_place_reason(self) -> str:
        """Why the folder cannot be exchanged whole, or ""."""
        out = self.path
        if self._lock_path is not None and self._lock_path.parent == out:
            return "its parent is not writable"
        if not out.is_dir():
            return ""
        try:
            cwd = os.path.realpath(os.getcwd())
        except OSError:
            cwd = ""
        if cwd == str(out) or cwd.startswith(str(out) + os.sep):
            return "it is the current directory or holds it"
        if os.path.ismount(out):
            return "it is a mount point"
        if any(p == str(out) or p.startswith(str(out) + os.sep) for p in self.inputs):
            return "it holds an input"
        for entry in os.scandir(out):
            if entry.name not in OWNED and entry.is_dir(follow_symlinks=False) and not os.access(entry.path, os.W_OK):
                return f"{entry.name} in it cannot be moved"
        return ""

    def _make_staging(self) -> None:
        out = self.path
        self.whole = not self._in_place_reason()
        if self.whole:
            staging = self._beside(_STAGING)
            try:
                shutil.rmtree(staging, ignore_errors=True)
                staging.mkdir()
                self.staging = staging
            except OSError as err:
                if not out.is_dir() or err.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                    raise ExportError(f"{self.given}: cannot write ({strerror(err)})") from None
                self.whole = False
        if not self.whole:
            staging = out / f".{_STAGING}-{os.getpid()}"
            try:
                staging.mkdir()
            except OSError as err:
                raise ExportError(f"{self.given}: cannot write ({strerror(err)})") from None
            self.staging = staging
        if out.is_dir():  # the folder itself must take files: the build moves them in and out
            probe = out / f".sygraph-probe-{os.getpid()}"
            try:
                os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                probe.unlink()
            except OSError as err:
                self._discard()
                raise ExportError(f"{self.given}: cannot write ({strerror(err)})") from None

    # -- committing
    def commit(self, produced: Iterable[str]) -> list[Path]:
        """Put the staged files in place (``report.json`` last); returns their final paths."""
        produced = list(dict.fromkeys(produced))
        names = [n for n in produced if n != REPORT] + ([REPORT] if REPORT in produced else [])
        for name in names:
            _fsync(self.staging / name)
        _fsync(self.staging, directory=True)
        with deferred_signals():
            if self.whole:
                self._swap()
            else:
                self._move_in(names)
            self.committed = True
            self.staging = None
            _fsync(self.path.parent, directory=True)
        return [self.given / name for name in names]

    def _swap(self) -> None:
        out, staging = self.path, self.staging
        if not os.path.lexists(out):
            os.rename(staging, out)
            return
        with contextlib.suppress(OSError):
            os.chmod(staging, stat.S_IMODE(os.stat(out).st_mode))
        moved: list[str] = []
        aside: Path | None = None
        try:
            for name in sorted(os.listdir(out)):
                if name in OWNED or _INSIDE.fullmatch(name) or name == f".{_LOCK}":
                    continue
                os.rename(out / name, staging / name)
                moved.append(name)
            if _exchange(staging, out):
                aside = staging
            else:
                aside = self._beside(_PUT_ASIDE)
                os.rename(out, aside)
                try:
                    os.rename(staging, out)
                except OSError:
                    os.rename(aside, out)
                    aside = None
                    raise
        except OSError as err:
            for name in reversed(moved):  # as it was
                with contextlib.suppress(OSError):
                    os.rename(staging / name, out / name)
            raise ExportError(f"{self.given}: cannot replace ({strerror(err)})") from None
        shutil.rmtree(aside, ignore_errors=True)

    def _move_in(self, names: list[str]) -> None:
        out, staging = self.path, self.staging
        try:
            for name in names:
                os.replace(staging / name, out / name)
        except OSError as err:
            raise ExportError(f"{self.given}: cannot write ({strerror(err)})") from None
        for name in sorted(OWNED - set(names)):
            path = out / name
            if path.is_symlink() or path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()
        shutil.rmtree(staging, ignore_errors=True)

    # -- closing
    def _discard(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def close(self) -> None:
        with deferred_signals():
            if not self.committed:
                self._discard()
            self._unlock()


# the lock descriptors this process holds: a forked worker closes its copies
_held_locks: set[int] = set()


def _close_locks_in_child() -> None:
    for fd in list(_held_locks):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held_locks.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_locks_in_child)


# -- counting a streamed file ----------------------------------------------------------------

def distinct_lines(path: str | Path) -> int:
    """The number of distinct non-empty lines of a file (the triples of an N-Triples file,
    where the same triple may be written once per article): 15 bytes a line in memory, by
    120-bit digests kept in 256 buckets."""
    buckets = [bytearray() for _ in range(256)]
    with open(path, "rb") as f:
        for line in f:
            line = line.rstrip(b"\r\n")
            if line:
                digest = hashlib.blake2b(line, digest_size=16).digest()
                buckets[digest[0]] += digest[1:]
    total = 0
    for k, bucket in enumerate(buckets):
        total += len({bytes(bucket[i:i + 15]) for i in range(0, len(bucket), 15)})
        buckets[k] = bytearray()
    return total
