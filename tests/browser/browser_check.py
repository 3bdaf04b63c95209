"""Open ``reflect serve`` in a real (headless) Chromium and read what it shows.

    python tests/browser/browser_check.py [--url URL] [--out DIR] [--chromium PATH] [--workshop]

Without ``--url`` it starts ``reflect serve`` itself on a free port on
127.0.0.1 (with a throwaway data folder) and stops it afterwards.

The page draws the terminal with xterm.js on a canvas, so there is no text in
the DOM to read. Before the page's scripts run, a small hook (installed with
the Chrome DevTools protocol) notes each xterm ``Terminal`` object as it is
built; the check then reads the terminal's screen buffer with
``Runtime.evaluate``. A PNG screenshot is saved in ``--out`` (default
``tests/browser/out/``, which git ignores).

With ``--workshop`` it also presses ``w`` in the page, as a trainer would, to
start a workshop session on the demo case, Enter to leave the case's story if
it opens, and waits for the first principle (a screenshot at each stage).
With ``--export`` as well it types a group's answer, presses F9 twice (finish,
export) and checks that the browser downloads the workshop summary note.

Chromium is driven over its DevTools websocket with aiohttp; it only ever
talks to 127.0.0.1 (every other host name is made unresolvable).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_OUT = HERE / "out"

CASE_TEXT = "DEMO-Sam"
FIRST_PRINCIPLE = "children and young people first"
STORY_TEXT = "The story of"
GROUP_ANSWER = "Sam loves football and drawing trainers"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--mute-audio",
    "--hide-scrollbars",
    # nothing but this machine: every host name but localhost fails to resolve
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    "--window-size=1280,800",
]

#: runs before the page's scripts: remember each object that sets ``_core``
#: (xterm's public Terminal does, in its constructor)
HOOK_JS = r"""
(() => {
  const seen = [];
  Object.defineProperty(window, "__reflectTerminals", { value: seen });
  Object.defineProperty(Object.prototype, "_core", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "_core", { value, writable: true, configurable: true, enumerable: true });
      seen.push(this);
    },
  });
})();
"""

#: the terminal's visible rows as text (or the DOM renderer's rows, if that is used)
READ_JS = r"""
(() => {
  const body = document.body ? document.body.className : "";
  const term = (window.__reflectTerminals || []).find(
    (t) => t && t.buffer && t.buffer.active && typeof t.buffer.active.getLine === "function");
  if (term) {
    const buffer = term.buffer.active;
    const lines = [];
    for (let i = 0; i < term.rows; i++) {
      const line = buffer.getLine(buffer.viewportY + i);
      lines.push(line ? line.translateToString(true) : "");
    }
    return { source: "xterm buffer", text: lines.join("\n"), cols: term.cols, rows: term.rows, body };
  }
  const rows = document.querySelector(".xterm-rows");
  return { source: rows ? "xterm-rows" : "none", text: rows ? rows.innerText : "", body };
})()
"""


def find_chromium(explicit: str | None = None) -> str | None:
    for candidate in (
        explicit,
        os.environ.get("REFLECT_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"reflect serve exited early with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"reflect serve did not listen within {seconds:.0f} s") from None
            time.sleep(0.1)


def _printed_url(log: Path, port: int, seconds: float = 10) -> str:
    """The page's address as ``reflect serve`` printed it: with the run's key, without which it is refused."""
    deadline = time.monotonic() + seconds
    pattern = re.compile(rf"open (http://127\.0\.0\.1:{port}/\?token=[A-Za-z0-9_-]+)")
    while time.monotonic() < deadline:
        found = pattern.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise RuntimeError("reflect serve printed no address with a key")


@contextmanager
def reflect_server(workdir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``reflect serve`` on a free localhost port with a throwaway store."""
    port = free_port()
    env = dict(os.environ)
    env["REFLECT_DATA_DIR"] = str(workdir / "data")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["REFLECT_CURSOR_BLINK"] = "0"
    log = open(workdir / "serve.log", "wb")  # noqa: SIM115 - open while the server runs; closed in stop()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflect", "serve", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        _wait_listening(port, proc, 30)
        yield _printed_url(workdir / "serve.log", port), proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        log.close()


class DevTools:
    """Just enough of the Chrome DevTools protocol, over one websocket."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0
        self.pending: dict[int, asyncio.Future] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            future = self.pending.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                if "error" in data:
                    future.set_exception(RuntimeError(f"DevTools: {data['error']}"))
                else:
                    future.set_result(data.get("result", {}))

    async def send(
        self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 20
    ) -> dict:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send_str(json.dumps(message))
        return await asyncio.wait_for(future, timeout)

    async def close(self) -> None:
        self.reader.cancel()
        try:
            await self.reader
        except (asyncio.CancelledError, Exception):
            pass


async def _devtools_url(profile: Path, proc: subprocess.Popen, seconds: float = 30) -> str:
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Chromium exited early with {proc.returncode}")
        if marker.is_file():
            lines = marker.read_text().split()
            if len(lines) >= 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        await asyncio.sleep(0.1)
    raise RuntimeError("Chromium did not open its DevTools port")


async def _read_screen(cdp: DevTools, session: str) -> dict:
    result = await cdp.send("Runtime.evaluate", {"expression": READ_JS, "returnByValue": True}, session)
    return result.get("result", {}).get("value") or {}


async def _wait_for_text(cdp: DevTools, session: str, wanted: tuple[str, ...], seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    screen: dict = {}
    while time.monotonic() < deadline:
        screen = await _read_screen(cdp, session)
        if any(w in screen.get("text", "") for w in wanted):
            return screen
        await asyncio.sleep(0.4)
    raise AssertionError(
        f"none of {wanted} appeared in {seconds:.0f} s; the screen read: "
        f"{screen.get('text', '')[:800]!r} (from {screen.get('source')})"
    )


async def _press(cdp: DevTools, session: str, char: str) -> None:
    """One key, as the browser's keyboard would send it (a letter, or "Enter")."""
    if char == "Enter":
        key, code, vk, text = "Enter", "Enter", 13, "\r"
    elif char == " ":
        key, code, vk, text = " ", "Space", 32, " "
    elif len(char) > 1 and char[0] == "F" and char[1:].isdigit():  # a function key: no text
        for kind in ("rawKeyDown", "keyUp"):
            await cdp.send(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": char, "code": char, "windowsVirtualKeyCode": 111 + int(char[1:])},
                session,
            )
        return
    else:
        key, code, vk, text = char, f"Key{char.upper()}", ord(char.upper()), char
    for kind in ("keyDown", "keyUp"):
        params: dict[str, Any] = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk}
        if kind == "keyDown":
            params["text"] = text
        await cdp.send("Input.dispatchKeyEvent", params, session)


async def _type(cdp: DevTools, session: str, text: str) -> None:
    for char in text:
        await _press(cdp, session, char)


async def _wait_for_download(folder: Path, seconds: float) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == ".md"]
        if done:
            await asyncio.sleep(0.3)
            return done[0]
        await asyncio.sleep(0.2)
    raise AssertionError(f"the browser downloaded no note in {seconds:.0f} s")


async def _screenshot(cdp: DevTools, session: str, path: Path) -> str:
    await asyncio.sleep(1.0)  # let the last frame paint
    shot = await cdp.send("Page.captureScreenshot", {"format": "png"}, session)
    path.write_bytes(base64.b64decode(shot["data"]))
    return str(path)


async def check(
    url: str, out_dir: Path, chromium: str, workshop: bool = False, export: bool = False, seconds: float = 45
) -> dict:
    """Open ``url`` in headless Chromium; return what the terminal showed and the screenshots' paths.

    ``export`` (with ``workshop``) also types a group's answer and exports the
    note, which the browser downloads: its text is returned as ``note_text``.
    """
    import aiohttp

    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="reflect-chromium-"))
    downloads = profile / "downloads"
    downloads.mkdir()
    note = None
    proc = subprocess.Popen(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        endpoint = await _devtools_url(profile, proc)
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(endpoint, max_msg_size=64 * 1024 * 1024, heartbeat=None) as ws:
                cdp = DevTools(ws)
                try:
                    target = await cdp.send("Target.createTarget", {"url": "about:blank"})
                    attached = await cdp.send(
                        "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
                    )
                    session = attached["sessionId"]
                    await cdp.send("Page.enable", session=session)
                    await cdp.send("Runtime.enable", session=session)
                    await cdp.send(
                        "Emulation.setDeviceMetricsOverride",
                        {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False},
                        session,
                    )
                    await cdp.send("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK_JS}, session)
                    await cdp.send("Page.navigate", {"url": url}, session)
                    screen = await _wait_for_text(cdp, session, (CASE_TEXT, FIRST_PRINCIPLE), seconds)
                    shots = [await _screenshot(cdp, session, out_dir / "serve-demo.png")]
                    if workshop and FIRST_PRINCIPLE not in screen.get("text", ""):
                        await cdp.send(
                            "Runtime.evaluate",
                            {"expression": "document.querySelector('.xterm-helper-textarea').focus()"},
                            session,
                        )
                        await _press(cdp, session, "w")  # the case screen's key for a workshop session
                        screen = await _wait_for_text(cdp, session, (FIRST_PRINCIPLE, STORY_TEXT), seconds)
                        if FIRST_PRINCIPLE not in screen.get("text", ""):
                            # the case's story opens first; Enter goes on to the questions
                            shots.append(await _screenshot(cdp, session, out_dir / "serve-story.png"))
                            await _press(cdp, session, "Enter")
                            screen = await _wait_for_text(cdp, session, (FIRST_PRINCIPLE,), seconds)
                        shots.append(await _screenshot(cdp, session, out_dir / "serve-workshop.png"))
                        if export:
                            # type the group's answer, F9 to finish, F9 to export: the browser downloads the note
                            await cdp.send(
                                "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
                            )
                            await _type(cdp, session, GROUP_ANSWER)
                            await asyncio.sleep(0.8)
                            await _press(cdp, session, "F9")
                            await _wait_for_text(cdp, session, ("What this session covered",), seconds)
                            await _press(cdp, session, "F9")
                            note = await _wait_for_download(downloads, seconds)
                            shots.append(await _screenshot(cdp, session, out_dir / "serve-summary.png"))
                    screen = await _read_screen(cdp, session)
                    screen["screenshot"] = shots[-1]
                    screen["screenshots"] = shots
                    if note is not None:
                        saved = out_dir / note.name
                        shutil.copyfile(note, saved)
                        screen["note"] = str(saved)
                        screen["note_text"] = note.read_text(encoding="utf-8")
                    try:
                        await cdp.send("Browser.close", timeout=5)
                    except (asyncio.TimeoutError, RuntimeError):
                        pass
                finally:
                    await cdp.close()
        return screen
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        shutil.rmtree(profile, ignore_errors=True)


def run(
    url: str | None = None,
    out_dir: Path = DEFAULT_OUT,
    chromium: str | None = None,
    workshop: bool = False,
    export: bool = False,
) -> dict:
    browser = find_chromium(chromium)
    if browser is None:
        raise FileNotFoundError("Chromium not found (apt-get install chromium, or set REFLECT_CHROMIUM)")
    if url:
        return asyncio.run(check(url, out_dir, browser, workshop, export))
    with tempfile.TemporaryDirectory(prefix="reflect-serve-") as work:
        with reflect_server(Path(work)) as (served, _proc):
            return asyncio.run(check(served, out_dir, browser, workshop, export))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running 'reflect serve' (default: start one on a free localhost port)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to save the screenshot")
    parser.add_argument("--chromium", help="the Chromium binary (default: /usr/bin/chromium)")
    parser.add_argument("--workshop", action="store_true", help="press w to start a workshop session too")
    parser.add_argument(
        "--export",
        action="store_true",
        help="with --workshop: type an answer and export the note (the browser downloads it)",
    )
    args = parser.parse_args(argv)
    if args.url and not args.url.startswith(("http://127.0.0.1:", "http://localhost:", "http://[::1]:")):
        parser.error("--url must be on this machine (127.0.0.1, localhost or [::1])")
    try:
        screen = run(args.url, args.out, args.chromium, args.workshop, args.export)
    except (FileNotFoundError, RuntimeError, AssertionError) as exc:
        print(f"browser check failed: {exc}", file=sys.stderr)
        return 1
    print(screen.get("text", ""))
    print(
        f"\n(read from the {screen.get('source')}, {screen.get('cols')}x{screen.get('rows')}; "
        f"screenshots: {', '.join(screen.get('screenshots', []))})",
        file=sys.stderr,
    )
    if screen.get("note"):
        print(f"(the browser downloaded the note: {screen['note']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
