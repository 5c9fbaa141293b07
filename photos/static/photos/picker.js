// Hands the chosen library photo back to the post body editor that opened this window.
// The editor listens through the CKEditor-style callback registry it installs on its window.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector(".photo-picker");
  if (!picker) {
    return;
  }
  const callback = picker.dataset.editorCallback;
  const registry = window.opener && window.opener.CKEDITOR && window.opener.CKEDITOR.tools;
  if (!callback || !registry) {
    picker.querySelector(".photo-picker__no-editor").hidden = false;
    picker.querySelectorAll(".photo-picker__choose").forEach((button) => {
      button.disabled = true;
    });
    return;
  }
  picker.addEventListener("click", (event) => {
    const button = event.target.closest(".photo-picker__choose");
    if (!button) {
      return;
    }
    registry.callFunction(Number(callback), button.dataset.url, {
      id: button.dataset.id,
      alternative_text: button.dataset.alt,
      caption: button.dataset.caption,
    });
    window.close();
  });
  // Only now can a choice reach the editor: a click before this moment would be lost.
  picker.querySelectorAll(".photo-picker__choose").forEach((button) => {
    button.disabled = false;
  });
});
