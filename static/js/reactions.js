// Reactions under a post without reloading the page. Without this script each button posts
// its form and the page comes back at #reactions; with it the same form is sent by fetch and
// the buttons, counts and the polite status line are updated where they are.
(() => {
  const section = document.querySelector("[data-reactions]");
  if (!section || !window.fetch) {
    return;
  }
  const status = section.querySelector("[data-reactions-status]");

  const show = (reactions) => {
    for (const reaction of reactions) {
      const button = section.querySelector(`button[data-kind="${reaction.kind}"]`);
      const count = section.querySelector(`[data-count-of="${reaction.kind}"]`);
      if (!button || !count) {
        continue;
      }
      button.setAttribute("aria-pressed", String(reaction.pressed));
      button.value = String(!reaction.pressed);
      const people = reaction.count === 1 ? "person" : "people";
      count.firstChild.textContent = String(reaction.count);
      count.lastElementChild.textContent = ` ${people}`;
    }
  };

  const sendWithoutScript = (form, pressed) => {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "pressed";
    field.value = pressed;
    form.append(field);
    form.submit();
  };

  section.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.reaction");
    if (!form) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button[name='pressed']");
    const data = new FormData(form);
    data.set("pressed", button.value);
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const type = response.headers.get("Content-Type") || "";
      if (!type.startsWith("application/json")) {
        // Signed out meanwhile, or a refusal only a page can explain: send the form as
        // without this script, so the server's own page says what happened.
        sendWithoutScript(form, button.value);
        return;
      }
      const answer = await response.json();
      if (!response.ok) {
        status.textContent = answer.error;
        return;
      }
      show(answer.reactions);
      status.textContent = answer.message;
    } catch (error) {
      status.textContent = "Your reaction was not saved. Please try again.";
    } finally {
      button.disabled = false;
      button.focus();
    }
  });
})();
