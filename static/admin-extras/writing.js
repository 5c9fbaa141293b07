// The writing screen: the Publish button reads "Schedule" while a future time is chosen, the
// address line follows the slug, and Enter in the title moves to the text, as in WordPress.
// Without this script the server still publishes or schedules by the time chosen.
(function () {
  "use strict";

  const SAID = {
    weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit",
  };

  function chosenTime(name = "published_at") {
    const date = document.getElementById(`id_${name}_0`);
    const time = document.getElementById(`id_${name}_1`);
    if (!date || !date.value) {
      return null;
    }
    const moment = new Date(`${date.value}T${(time && time.value) || "00:00"}`);
    return Number.isNaN(moment.getTime()) ? null : moment;
  }

  function renamePublishButton() {
    const button = document.getElementById("writing-publish-button");
    if (!button) {
      return;
    }
    const moment = chosenTime();
    const later = moment !== null && moment > new Date();
    button.textContent = later ? button.dataset.laterLabel : button.dataset.nowLabel;
    const words = document.getElementById("writing-time-words");
    if (words) {
      words.dataset.saved = words.dataset.saved || words.textContent;
      words.textContent = moment === null ? words.dataset.saved : `${later ? "Schedule for" : "Publish on"}: ${
        moment.toLocaleString("en-GB", {
          weekday: "long", day: "numeric", month: "long", year: "numeric",
          hour: "2-digit", minute: "2-digit",
        })}`;
    }
  }

  // Unpublish at: the line above its boxes says the time chosen, as the publication time's does.
  function sayUnpublishTime() {
    const words = document.getElementById("writing-unpublish-words");
    if (!words || words.tagName !== "SPAN") {
      return;
    }
    const moment = chosenTime("unpublish_at");
    words.dataset.saved = words.dataset.saved || words.textContent;
    words.textContent = moment === null ? words.dataset.saved
      : `Leaves the blog on: ${moment.toLocaleString("en-GB", SAID)}`;
  }

  function showSlug() {
    const shown = document.getElementById("writing-address-slug");
    const slug = document.getElementById("id_slug");
    if (shown && slug) {
      shown.textContent = slug.value || "…";
    }
  }

  // The text editor and the search-as-you-type boxes are built by other scripts, after this
  // one: give each the name of the label written for the field it stands in for.
  function nameWidgets() {
    const text = document.querySelector(".writing-body [contenteditable=true]");
    if (text && !text.hasAttribute("aria-labelledby") && document.getElementById("id_body_label")) {
      text.setAttribute("aria-labelledby", "id_body_label");
    }
    for (const box of document.querySelectorAll(".writing-layout .select2-selection[role=combobox]")) {
      const container = box.closest(".select2");
      const select = container && container.previousElementSibling;
      const label = select && document.getElementById(`${select.id}_label`);
      if (label && !box.dataset.writingNamed) {
        const shown = box.getAttribute("aria-labelledby");
        box.setAttribute("aria-labelledby", shown ? `${label.id} ${shown}` : label.id);
        box.dataset.writingNamed = "yes";
      }
      const shownChoice = box.querySelector("[role=textbox]");
      if (label && shownChoice && !shownChoice.hasAttribute("aria-labelledby")) {
        shownChoice.setAttribute("aria-labelledby", label.id);
      }
    }
  }

  function init() {
    if (!document.body.classList.contains("writing-screen")) {
      return;
    }
    for (const id of ["id_published_at_0", "id_published_at_1"]) {
      const box = document.getElementById(id);
      if (box) {
        box.addEventListener("input", renamePublishButton);
        box.addEventListener("change", renamePublishButton);
      }
    }
    for (const id of ["id_unpublish_at_0", "id_unpublish_at_1"]) {
      const box = document.getElementById(id);
      if (box) {
        box.addEventListener("input", sayUnpublishTime);
        box.addEventListener("change", sayUnpublishTime);
      }
    }
    renamePublishButton();
    nameWidgets();
    const layout = document.querySelector(".writing-layout");
    if (layout) {
      new MutationObserver(nameWidgets).observe(layout, { childList: true, subtree: true });
    }
    const title = document.getElementById("id_title");
    const slug = document.getElementById("id_slug");
    if (slug) {
      slug.addEventListener("input", showSlug);
    }
    if (title) {
      // Django's own script fills the slug from the title on keyup; show it once it has.
      title.addEventListener("keyup", () => window.setTimeout(showSlug, 0));
      title.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" || event.isComposing) {
          return;
        }
        // As in WordPress, Enter in the title never sends the form, even before the text
        // editor has loaded: it moves to the text once the text is there.
        event.preventDefault();
        const text = document.querySelector(".writing-body [contenteditable=true]");
        if (text) {
          text.focus();
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
