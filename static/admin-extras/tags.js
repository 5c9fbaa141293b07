// The post form's tag box. Without this script it is a plain comma-separated box; with it, the
// box becomes a combobox that suggests existing tags as the editor types (ARIA combobox with a
// listbox), chosen tags show as chips with a Remove button, and "Choose from the most used tags"
// offers the tags on most posts. A hidden field named "tags" carries the chosen tags to the server
// in the same comma-separated form, so saving works as it does without the script.
"use strict";

(() => {
  const DELAY_MS = 150;

  // The form taggit reads: names with a comma or a space are quoted, and a comma separates them.
  const tagString = (names) =>
    names.map((name) => (/[ ,]/.test(name) ? `"${name.replaceAll('"', "")}"` : name)).join(", ");

  const sameName = (a, b) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

  const element = (tag, properties = {}, children = []) => {
    const node = document.createElement(tag);
    Object.entries(properties).forEach(([key, value]) => {
      if (key in node && key !== "role") {
        node[key] = value;
      } else {
        node.setAttribute(key, value);
      }
    });
    children.forEach((child) => node.append(child));
    return node;
  };

  function enhance(input) {
    const url = input.dataset.tagSuggest;
    const id = input.id;
    let chosen = JSON.parse(input.dataset.tagNames || "[]");
    let options = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    // The value travels in a hidden field; the visible box keeps its id (and so its label).
    const carrier = element("input", { type: "hidden", name: input.name });
    input.removeAttribute("name");
    input.value = "";
    input.after(carrier);

    const listbox = element("ul", { id: `${id}_suggestions`, role: "listbox", className: "tag-suggestions", hidden: true });
    listbox.setAttribute("aria-label", "Suggested tags");
    const chips = element("ul", { id: `${id}_chosen`, className: "tag-chips" });
    chips.setAttribute("aria-label", "Chosen tags");
    const status = element("p", { className: "tag-status visually-hidden", role: "status" });
    const mostUsedButton = element("button", { type: "button", className: "tag-most-used-toggle" }, [
      "Choose from the most used tags",
    ]);
    mostUsedButton.setAttribute("aria-expanded", "false");
    mostUsedButton.setAttribute("aria-controls", `${id}_most_used`);
    const mostUsed = element("div", { id: `${id}_most_used`, className: "tag-most-used", hidden: true });

    const wrapper = element("div", { className: "tag-box" });
    input.before(wrapper);
    wrapper.append(chips, input, listbox, carrier, status, mostUsedButton, mostUsed);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.placeholder = "Add a tag";

    const help = document.getElementById(`${id}_helptext`);
    if (help) {
      help.textContent =
        "Type a tag, then press Enter or a comma. Existing tags are suggested as you type: " +
        "use the up and down arrows and Enter to choose one.";
    }

    const announce = (text) => {
      status.textContent = text;
    };

    const sync = ({ quietly = false } = {}) => {
      carrier.value = tagString(chosen);
      if (!quietly) {
        // Other scripts (autosave, the warning on leaving) learn of the change as from typing.
        carrier.dispatchEvent(new Event("input", { bubbles: true }));
        carrier.dispatchEvent(new Event("change", { bubbles: true }));
      }
      chips.replaceChildren(
        ...chosen.map((name) => {
          const remove = element("button", { type: "button", className: "tag-chip__remove" }, ["×"]);
          remove.setAttribute("aria-label", `Remove tag ${name}`);
          remove.addEventListener("click", () => removeTag(name));
          return element("li", { className: "tag-chip" }, [element("span", {}, [name]), remove]);
        }),
      );
      chips.hidden = chosen.length === 0;
      mostUsed.querySelectorAll("button").forEach((button) => {
        button.setAttribute("aria-pressed", String(chosen.some((name) => sameName(name, button.dataset.name))));
      });
    };

    const closeList = () => {
      listbox.hidden = true;
      listbox.replaceChildren();
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };

    const addTag = (raw) => {
      const name = raw.trim().replace(/^"+|"+$/g, "").trim();
      if (!name) return;
      // An existing tag in another case is taken as it is spelt already.
      const known = options.find((option) => sameName(option, name)) || name;
      if (chosen.some((existing) => sameName(existing, known))) {
        announce(`${known} is already chosen.`);
        return;
      }
      chosen.push(known);
      sync();
      announce(`Tag ${known} added.`);
    };

    function removeTag(name) {
      chosen = chosen.filter((existing) => existing !== name);
      sync();
      announce(`Tag ${name} removed.`);
      input.focus();
    }

    const setActive = (index) => {
      active = index;
      listbox.querySelectorAll("[role=option]").forEach((node, position) => {
        node.setAttribute("aria-selected", String(position === index));
      });
      if (index >= 0) {
        const node = listbox.children[index];
        input.setAttribute("aria-activedescendant", node.id);
        node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };

    const showOptions = (names) => {
      options = names.filter((name) => !chosen.some((existing) => sameName(existing, name)));
      if (options.length === 0) {
        closeList();
        announce("No other existing tag matches.");
        return;
      }
      listbox.replaceChildren(
        ...options.map((name, position) => {
          const option = element("li", { id: `${id}_option_${position}`, role: "option", className: "tag-suggestion" }, [name]);
          option.setAttribute("aria-selected", "false");
          // Keep the focus in the box while the mouse picks a suggestion.
          option.addEventListener("mousedown", (event) => event.preventDefault());
          option.addEventListener("click", () => {
            addTag(name);
            input.value = "";
            closeList();
            input.focus();
          });
          return option;
        }),
      );
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      announce(`${options.length} existing tag${options.length === 1 ? "" : "s"} suggested.`);
    };

    const fetchTags = async (text) => {
      const address = new URL(url, window.location.href);
      if (text) address.searchParams.set("q", text);
      const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(`Tag suggestions answered ${response.status}`);
      return (await response.json()).tags;
    };

    const suggest = async () => {
      const text = input.value.split(",").pop().trim();
      const question = ++asked;
      if (!text) {
        closeList();
        return;
      }
      try {
        const tags = await fetchTags(text);
        if (question === asked) showOptions(tags.map((tag) => tag.name));
      } catch {
        closeList();
      }
    };

    const commitTyped = () => {
      input.value.split(",").forEach(addTag);
      input.value = "";
      closeList();
    };

    input.addEventListener("input", () => {
      if (input.value.includes(",")) {
        const parts = input.value.split(",");
        parts.slice(0, -1).forEach(addTag);
        input.value = parts[parts.length - 1].trimStart();
      }
      clearTimeout(timer);
      timer = setTimeout(suggest, DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const open = !listbox.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) setActive((active + 1) % options.length);
        else suggest();
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        setActive(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        // Enter adds a tag; it never submits the whole post form from this box.
        event.preventDefault();
        if (open && active >= 0) {
          addTag(options[active]);
          input.value = "";
          closeList();
        } else {
          commitTyped();
        }
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        closeList();
      }
    });

    input.addEventListener("blur", () => {
      // Half-typed text stays in the box (it is not a tag yet); only the list closes.
      setTimeout(() => {
        if (document.activeElement !== input) closeList();
      }, 0);
    });

    // Saving with text still in the box keeps it as a tag, as the plain box would.
    input.form?.addEventListener("submit", () => {
      if (input.value.trim()) commitTyped();
    });

    mostUsedButton.addEventListener("click", async () => {
      const opening = mostUsed.hidden;
      mostUsedButton.setAttribute("aria-expanded", String(opening));
      mostUsed.hidden = !opening;
      if (!opening || mostUsed.childElementCount) return;
      try {
        const tags = await fetchTags("");
        if (tags.length === 0) {
          mostUsed.append(element("p", {}, ["No post has a tag yet."]));
          return;
        }
        const list = element("ul", { className: "tag-most-used__list" });
        list.setAttribute("aria-label", "Most used tags");
        tags.forEach((tag) => {
          const button = element("button", { type: "button", className: "tag-most-used__tag" }, [tag.name]);
          button.dataset.name = tag.name;
          button.setAttribute("aria-pressed", "false");
          button.title = `On ${tag.posts} post${tag.posts === 1 ? "" : "s"}`;
          button.addEventListener("click", () => {
            if (chosen.some((name) => sameName(name, tag.name))) {
              removeTag(chosen.find((name) => sameName(name, tag.name)));
              button.focus();
            } else {
              addTag(tag.name);
            }
          });
          list.append(element("li", {}, [button]));
        });
        mostUsed.append(list);
        sync({ quietly: true });
      } catch {
        mostUsed.append(element("p", {}, ["The most used tags could not be loaded. Type a tag instead."]));
      }
    });

    sync({ quietly: true });
  }

  const start = () => document.querySelectorAll("input[data-tag-suggest]").forEach(enhance);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
