// Shows a live character count under every textarea marked data-count-characters="N",
// with N the advised maximum. The count is announced politely to screen readers.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("textarea[data-count-characters]").forEach((field) => {
    const advised = Number(field.dataset.countCharacters);
    const counter = document.createElement("p");
    counter.id = `${field.id}-count`;
    counter.className = "character-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    const describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", describedBy ? `${describedBy} ${counter.id}` : counter.id);

    const update = () => {
      const length = field.value.length;
      const over = length - advised;
      counter.textContent = over > 0
        ? `${length} characters: ${over} more than the ${advised} advised.`
        : `${length} characters (aim for ${advised} or fewer).`;
      counter.classList.toggle("character-count--over", over > 0);
    };
    field.addEventListener("input", update);
    update();
  });
});
