/*
 * Keep a post's unsaved work safe on its add and change pages (editing/admin.py adds this file).
 *
 * - Autosave: the form's text fields go to the server every few seconds while something has
 *   changed, and once more when the tab is hidden or closed.
 * - An autosave newer than the post is offered back, with Restore and Discard; restoring a
 *   draft saves it as the draft at once, restoring a live post's edits waits for Update.
 * - Leaving with unsaved changes asks first; submitting the form does not.
 * - Who else has the post open is shown, and kept up to date by a heartbeat.
 *
 * Settings come from this script's own tag (data- attributes), so nothing runs inline. The form and
 * its fields are found by Django's own ids and names, whatever the page's layout.
 */
(function () {
  "use strict";

  const config = document.currentScript.dataset;
  const FIELDS = ["title", "slug", "body", "excerpt", "tags"];
  const UNREACHABLE =
    "Not autosaved: the server could not be reached. Your work is still on this page.";

  // The body editor (django-prose-editor) announces itself when it is ready; it may be before or
  // after this script's start, so listen from the moment the script runs.
  let bodyEditor = null;
  let onBodyEditorReady = null;
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.name !== "body") return;
    bodyEditor = event.detail.editor;
    if (onBodyEditorReady) onBodyEditorReady();
  });

  function element(tag, attributes, text) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      made.setAttribute(name, value);
    }
    if (text) made.textContent = text;
    return made;
  }

  function refused(status) {
    return `Not autosaved: the server answered ${status}. Your work is still on this page.`;
  }

  function say(where, message) {
    // Changing a live region to the same words would read them out again.
    if (where.textContent !== message) where.textContent = message;
  }

  function start() {
    const form = document.getElementById("post_form");
    if (!form) return;
    const csrfField = form.elements.namedItem("csrfmiddlewaretoken");

    function csrfToken() {
      // Signing in again in another tab renews the token, so read the cookie's current one.
      const prefix = `${config.csrfCookie}=`;
      const cookie = document.cookie.split("; ").find((part) => part.startsWith(prefix));
      if (cookie) return decodeURIComponent(cookie.slice(prefix.length));
      return csrfField ? csrfField.value : "";
    }

    // The page's layout may offer a place for the notices; if not, they go at the top of the form.
    let notices = document.querySelector("[data-editing-notices]");
    if (!notices) {
      notices = element("div", { class: "editing-notices" });
      form.prepend(notices);
    }
    const presenceLine = element("p", { class: "editing-presence", role: "status" });
    const statusLine = element("p", { class: "editing-status", role: "status" });
    notices.append(presenceLine, statusLine);

    function field(name) {
      const found = form.elements.namedItem(name);
      return found && "value" in found ? found : null;
    }

    function values() {
      const found = {};
      for (const name of FIELDS) {
        const input = field(name);
        if (input) found[name] = input.value;
      }
      return found;
    }

    function snapshot() {
      return JSON.stringify(values());
    }

    // What the form held when the page opened; a change from it is unsaved work.
    let original = snapshot();
    // The values the server has last kept, as an autosave or as the post itself.
    let lastSent = config.unsaved === "true" ? null : original;
    let typedSinceOpening = config.unsaved === "true";
    let submitting = false;
    let saving = false;

    form.addEventListener("input", (event) => {
      // Only a person's typing is trusted; the body editor's copies into its textarea are not.
      if (event.isTrusted) typedSinceOpening = true;
    });
    onBodyEditorReady = () => {
      // The editor may tidy the body's markup as it starts; that is not a change of the person's.
      if (!typedSinceOpening) {
        original = snapshot();
        if (lastSent !== null) lastSent = original;
      }
    };
    if (bodyEditor) onBodyEditorReady();

    function hasUnsavedChanges() {
      return config.unsaved === "true" || snapshot() !== original;
    }

    function requestBody(extra) {
      const body = new URLSearchParams(extra || {});
      body.set("csrfmiddlewaretoken", csrfToken());
      return body;
    }

    async function post(url, body) {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(answer.error || refused(response.status));
      return answer;
    }

    async function autosave() {
      const current = snapshot();
      if (submitting || saving || current === lastSent) return;
      saving = true;
      try {
        const answer = await post(config.autosaveUrl, requestBody(JSON.parse(current)));
        lastSent = current;
        say(statusLine, answer.message);
      } catch (error) {
        // A failed fetch says "Failed to fetch": the person is told in the page's own words.
        say(statusLine, error instanceof TypeError ? UNREACHABLE : error.message);
      } finally {
        saving = false;
      }
    }

    function autosaveAsThePageGoes() {
      const current = snapshot();
      if (submitting || current === lastSent) return;
      const body = requestBody(JSON.parse(current));
      // A beacon outlives the page; it refuses large bodies, which the last tick has kept anyway.
      if (navigator.sendBeacon(config.autosaveUrl, body)) lastSent = current;
    }

    window.setInterval(autosave, (Number(config.autosaveSeconds) || 20) * 1000);

    form.addEventListener("submit", (event) => {
      const target = event.submitter?.getAttribute("formtarget") || form.target;
      // A button that opens its answer in another tab, such as a preview, leaves this page open.
      if (target && target !== "_self") return;
      submitting = true;
      // Another script may yet have stopped the submission, after a check that failed.
      window.setTimeout(() => {
        if (event.defaultPrevented) submitting = false;
      });
    });
    window.addEventListener("pageshow", (event) => {
      // Back on this page from the browser's memory of it, after a submission: it is open again.
      if (event.persisted) submitting = false;
    });

    window.addEventListener("beforeunload", (event) => {
      if (submitting || !hasUnsavedChanges()) return;
      // Now rather than as the page goes: a reload asks for the next page before this one goes,
      // and that page should find the autosave.
      autosaveAsThePageGoes();
      // The browser asks "Leave site?" in its own words.
      event.preventDefault();
      event.returnValue = "";
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") autosaveAsThePageGoes();
    });
    window.addEventListener("pagehide", autosaveAsThePageGoes);

    if (config.offer) offerTheAutosave();
    if (config.presenceUrl) keepPresence();

    function offerTheAutosave() {
      const offer = element("div", {
        class: "editing-offer",
        role: "group",
        "aria-labelledby": "editing-offer-text",
      });
      const text = element("p", { id: "editing-offer-text" }, config.offer);
      const restore = element(
        "button",
        { type: "button", class: "button" },
        "Restore the autosave",
      );
      const discard = element("button", { type: "button", class: "button" }, "Discard");
      const buttons = element("p", { class: "editing-offer-buttons" });
      buttons.append(restore, " ", discard);
      offer.append(text, buttons);
      notices.prepend(offer);

      function done(message) {
        offer.remove();
        say(statusLine, message);
        // The buttons have gone: keep the keyboard in the form, at its first field.
        const title = field("title");
        if (title) title.focus();
      }

      restore.addEventListener("click", async () => {
        restore.disabled = true;
        try {
          const response = await fetch(config.autosaveUrl, {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          });
          const answer = await response.json().catch(() => ({}));
          if (!response.ok) throw new Error(answer.error || refused(response.status));
          if (!answer.autosave) throw new Error("The autosave is no longer there.");
          fill(answer.autosave);
          done(answer.message);
          // A draft (or a new post) keeps what it is restored to at once, as WordPress keeps a
          // draft's autosave in the draft: one click, and the text is saved. A live post's
          // restored edits wait for Update, so nothing reaches readers unasked.
          const saveDraft = form.querySelector('button[name="_save_draft"]');
          if (saveDraft && !form.querySelector('button[name="_update"]')) {
            form.requestSubmit(saveDraft);
          }
        } catch (error) {
          restore.disabled = false;
          say(statusLine, error instanceof TypeError ? UNREACHABLE : error.message);
        }
      });

      discard.addEventListener("click", async () => {
        discard.disabled = true;
        try {
          done((await post(config.discardUrl, requestBody())).message);
        } catch (error) {
          discard.disabled = false;
          say(statusLine, error instanceof TypeError ? UNREACHABLE : error.message);
        }
      });
    }

    function fill(saved) {
      // Title before slug: filling the title lets the admin suggest a slug, which the slug replaces.
      for (const name of FIELDS) {
        const input = field(name);
        if (!input || typeof saved[name] !== "string") continue;
        input.value = saved[name];
        if (name === "body" && bodyEditor) {
          bodyEditor.commands.setContent(saved[name], { emitUpdate: true });
        }
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function keepPresence() {
      async function heartbeat() {
        try {
          // The time it was sent: one still on its way as the page closes is not counted.
          const body = requestBody({ sent_at: Date.now() });
          say(presenceLine, (await post(config.presenceUrl, body)).message);
        } catch (error) {
          // Who else is editing is a courtesy: a missed heartbeat says nothing.
        }
      }
      heartbeat();
      window.setInterval(heartbeat, (Number(config.heartbeatSeconds) || 30) * 1000);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") heartbeat();
      });
      window.addEventListener("pagehide", () => {
        navigator.sendBeacon(config.presenceEndUrl, requestBody({ sent_at: Date.now() }));
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
