"""Count a person's actions in a browser journey, the same way for ceoblog and for WordPress.

One action is one thing a person does with the mouse or the keyboard:
- a click (on a button, a link, a box, a suggestion), a drag and drop, a paste;
- filling one field (typing a word or a sentence into it is one action, however long);
- pressing one key on its own (Enter, Tab, Escape), or one shortcut (Ctrl+S);
- choosing a file in the browser's file dialog (the click that opens the dialog counts too).
Waiting for a page, scrolling and reading are not actions.

Journeys call these helpers instead of Playwright's own methods, so the count is kept as they go
and a journey's test can assert it is no higher than the WordPress count in docs/.
"""

from dataclasses import dataclass, field


@dataclass
class Actions:
    """A tally of a person's actions, with a log of what each was."""

    steps: list[str] = field(default_factory=list)

    @property
    def count(self):
        return len(self.steps)

    def note(self, what):
        self.steps.append(what)

    def click(self, locator, what="click", **kwargs):
        locator.click(**kwargs)
        self.note(what)

    def fill(self, locator, value, what="fill"):
        locator.fill(value)
        self.note(what)

    def press(self, locator, key, what=None):
        locator.press(key)
        self.note(what or f"press {key}")

    def check(self, locator, what="tick"):
        locator.check()
        self.note(what)

    def select(self, locator, value, what="choose"):
        locator.select_option(value)
        self.note(what)

    def choose_files(self, locator, files, what="choose a file"):
        """Set a file input's files: one action for the file dialog (its opening click aside)."""
        locator.set_input_files(files)
        self.note(what)

    def __str__(self):
        return f"{self.count} actions: " + "; ".join(self.steps)
