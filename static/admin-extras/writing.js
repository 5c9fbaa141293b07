// The writing screen: the Publish button reads "Schedule" while a future time is chosen, the
// address line follows the slug, and Enter in the title moves to the text, as in WordPress.
// Without this script the server still publishes or schedules by the time chosen.
(function () {
  "use strict";

  function chosenTime() {
    const date = document.getElementById("id_published_at_0");
    const time = document.getElementById("id_published_at_1");
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
  }

  function showSlug() {
    const shown = document.getElementById("writing-address-slug");
    const slug = document.getElementById("id_slug");
    if (shown && slug) {
      shown.textContent = slug.value || "…";
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
    renamePublishButton();
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
        const text = document.querySelector(".writing-body .ProseMirror");
        if (text) {
          event.preventDefault();
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
