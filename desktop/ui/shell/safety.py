"""Keeping notes safe in the GUI: the open notice, periodic backups, Restore from Backup, crash log."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ...core.crashlog import log_exception
from ...core.errors import GlossError
from ...store.backup import backup_if_changed, failure_notice, list_backups, restore_backup
from .tasks import run_in_background

BACKUP_EVERY_MS = 10 * 60 * 1000


FAILED = "The backup failed"


class Safety:
    """Backups on a timer and on quit, restoring one, and reporting unexpected errors."""

    def __init__(self, window) -> None:
        self.window = window
        self.timer = QTimer(window, interval=BACKUP_EVERY_MS)
        self.timer.timeout.connect(self.backup_in_background)
        if window.library.path is not None:
            self.timer.start()

    def backup_in_background(self) -> None:
        lib = self.window.library
        run_in_background(lambda: backup_if_changed(lib), lambda _path: self.backed_up(),
                          lambda exc: self.backup_failed(exc))

    def backed_up(self) -> None:
        if self.window.statusBar().currentMessage().startswith(FAILED):
            self.window.statusBar().clearMessage()  # the failure shown before is over

    def backup_failed(self, exc: BaseException) -> None:
        """A failed backup stays in the status bar until one succeeds (the library itself is
        untouched: a backup only reads it)."""
        self.window.statusBar().showMessage(f"{FAILED}: {failure_notice(self.window.library.path, exc)} "
                                            "Gloss tries again in a few minutes.")

    def backup_now(self) -> str | None:
        """A last backup if anything changed (quick when nothing did); the failure, if any."""
        try:
            backup_if_changed(self.window.library)
        except GlossError as exc:
            print(f"gloss: backup on quit failed: {exc}", file=sys.stderr)
            return failure_notice(self.window.library.path, exc)
        return None

    def backup_on_close(self) -> None:
        """As the window closes: the last backup, and the user told if it could not be made."""
        problem = self.backup_now()
        if problem is not None and self.window.isVisible():
            QMessageBox.warning(self.window, "Gloss", f"{FAILED} as Gloss closed: {problem}\n\n"
                                "Help ▸ Restore from Backup lists your backups.")

    def show_notice(self) -> None:
        notice = self.window.library.notice
        if notice:
            self.window.report(notice)
            box = QMessageBox(QMessageBox.Icon.Warning, "Gloss", notice, QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("libraryNotice")
            box.open()

    def restore_dialog(self) -> None:
        path = self.window.library.path
        backups = list_backups(path) if path is not None else []
        if not backups:
            QMessageBox.information(self.window, "Restore from Backup", "There are no backups of this library yet.")
            return
        labels = [when.strftime("%Y-%m-%d %H:%M:%S") + f"  —  {p.name}" for p, when in backups]
        choice, ok = QInputDialog.getItem(self.window, "Restore from Backup",
                                          "Replace the library with the backup from:", labels, 0, False)
        if ok:
            self.restore(backups[labels.index(choice)][0])

    def restore(self, backup) -> None:
        """Put a backup in place (the current file is moved aside, never deleted) and reload."""
        win = self.window
        lib = win.library
        self.backup_now()
        lib.close()
        try:
            aside = restore_backup(lib.path, backup)
        except GlossError as exc:
            lib.reopen()
            win.report(str(exc))
            return
        lib.reopen()
        win.undo_stack.clear()
        win.article = None
        win.open_initial(None)
        win.library_changed.emit()
        where = f" The library as it was is kept as {aside.name}." if aside else ""
        win.report(f"Restored the backup {backup.name}.{where}")


def crash_hook(window, previous):

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        if isinstance(exc, GlossError):  # a user's error, not Gloss's: one line, no crash log
            line = (str(exc).splitlines() or ["That could not be done."])[0]
            window.report(line)
            from ...store.files import LibraryNotWritable

            if isinstance(exc, LibraryNotWritable) and not getattr(window, "_told_not_writable", False):
                window._told_not_writable = True  # said once in a dialog; the status bar says it each time
                QMessageBox(QMessageBox.Icon.Warning, "Gloss", f"{line}\n\nNothing of that change was saved; "
                            "what is in your library is safe and can still be read.",
                            QMessageBox.StandardButton.Ok, window).open()
            return
        log = log_exception(exc_type, exc, tb)
        message = f"Something went wrong ({exc_type.__name__}: {exc}). Details were written to {log}."
        line = message.splitlines()[0] if message else "Something went wrong."
        window.report(line)
        box = QMessageBox(QMessageBox.Icon.Warning, "Gloss", line, QMessageBox.StandardButton.Ok, window)
        box.setObjectName("crashNotice")
        box.open()

    return hook


def install(window) -> None:
    safety = Safety(window)
    window.safety = safety
    refusal = getattr(window.library, "refusal", None)
    if refusal is not None:  # opened read-only (a full disk, a read-only file): said for the whole session
        from PySide6.QtWidgets import QLabel

        safety.timer.stop()
        label = QLabel(f"Read-only: {getattr(refusal, 'what', refusal)}", window)
        label.setObjectName("readOnlyNotice")
        label.setToolTip(str(refusal))
        window.statusBar().addPermanentWidget(label)
    action = QAction("&Restore from Backup…", window)
    action.setObjectName("restore_backup")
    action.triggered.connect(safety.restore_dialog)
    window.help_menu.addAction(action)
    QTimer.singleShot(0, safety.show_notice)
