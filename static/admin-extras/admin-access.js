// Accessibility repairs to Django's admin, on every admin page (templates/admin/base_site.html).
"use strict"
{
  // A search-as-you-type box (Django's autocomplete) is named only by the choice it shows, so
  // with nothing chosen a screen reader hears no name: it also takes the field's label.
  function nameChoiceBoxes() {
    for (const box of document.querySelectorAll(".select2-selection[role=combobox]")) {
      const select = box.closest(".select2-container")?.previousElementSibling
      const label = select?.id && document.querySelector(`label[for="${select.id}"]`)
      if (!label) continue
      if (!label.id) label.id = `${select.id}-label`
      const shown = box.getAttribute("aria-labelledby") || ""
      if (!shown.split(" ").includes(label.id)) {
        box.setAttribute("aria-labelledby", `${label.id} ${shown}`.trim())
      }
      // The part showing the choice is a read-only text box of its own, empty at first.
      box.querySelector("[role=textbox]")?.setAttribute("aria-labelledby", label.id)
    }
  }
  // Django's autocomplete boxes are built some time after the page is ready (jQuery waits a
  // turn), and again for added rows: name each one as it appears.
  document.addEventListener("DOMContentLoaded", () => {
    nameChoiceBoxes()
    new MutationObserver(nameChoiceBoxes).observe(document.body, { childList: true, subtree: true })
  })
}
