"""Names of files and folders that every checkout of the repository can hold.

Many producers edit on Windows. Git there cannot create a file named like a device (CON, PRN,
AUX, NUL, COM0–9, LPT0–9, in any case and with any extension: ``con.jpg`` is the console too),
one whose name ends in a dot or a space (Windows drops them, so two names become one), or one
holding < > : " / \\ | ? * or a control character; and two names that differ only in case are
one file on Windows and macOS. One such name anywhere in products/ and the repository can no
longer be cloned there.
"""

from __future__ import annotations

from collections.abc import Iterable

_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{number}" for port in ("com", "lpt") for number in "0123456789¹²³"}
)
_FORBIDDEN = frozenset('<>:"/\\|?*')


def checkout_problem(name: str) -> tuple[str, dict[str, str]] | None:
    """Why a file or folder called ``name`` cannot be checked out on Windows, as a message code
    and its parameters; None when it can."""
    device = name.split(".", 1)[0].rstrip(" ").lower()
    if device in _DEVICES:
        return "ocop_windows_device", {"name": name, "device": device.upper()}
    if name.endswith((".", " ")):
        return "ocop_windows_end", {"name": name}
    if forbidden := next((c for c in name if c in _FORBIDDEN or ord(c) < 32), None):
        return "ocop_windows_character", {"name": name, "character": forbidden}
    return None


def case_clashes(names: Iterable[str]) -> list[tuple[str, str]]:
    """Each name of one folder that differs from an earlier one only in case, with that one."""
    seen: dict[str, str] = {}
    clashes = []
    for name in names:
        if (earlier := seen.setdefault(name.casefold(), name)) != name:
            clashes.append((name, earlier))
    return clashes
