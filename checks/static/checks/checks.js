// The Checks part of the publish box: as the post is written, send the form's current values
// (saved or not) to the server after typing pauses, and show the findings it sends back.
// Without this script the findings shown are those of the page as it was loaded.
(function () {
  "use strict";

  const PAUSE_MS = 800;

  function start() {
    const panel = document.querySelector("[data-checks]");
    const form = panel && panel.closest("form");
    if (!panel || !form || panel.dataset.started) return;
    panel.dataset.started = "yes";
    const findings = document.getElementById("checks-findings");
    const summary = document.getElementById("checks-summary");
    const override = document.getElementById("checks-override");
    let timer = null;
    let sent = "";
    let asking = null;

    function values() {
      const data = new FormData(form);
      const wanted = new FormData();
      for (const name of ["csrfmiddlewaretoken", "title", "body", "excerpt", "tags", "featured_photo"]) {
        wanted.set(name, data.get(name) || "");
      }
      return wanted;
    }

    function show(html) {
      findings.innerHTML = html;
      const result = findings.querySelector("[data-summary]");
      if (!result) return;
      // Only changed words are read out again by screen readers.
      if (summary.textContent !== result.dataset.summary) summary.textContent = result.dataset.summary;
      if (override) override.hidden = result.dataset.problems === "0";
    }

    async function refresh() {
      const data = values();
      const fingerprint = JSON.stringify([...data.entries()].filter(([name]) => name !== "csrfmiddlewaretoken"));
      if (fingerprint === sent) return;
      sent = fingerprint;
      if (asking) asking.abort();
      asking = new AbortController();
      panel.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(panel.dataset.analyseUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") },
          signal: asking.signal,
        });
        if (response.ok && !response.redirected) {
          show(await response.text());
        } else {
          sent = "";
        }
      } catch (error) {
        if (error.name !== "AbortError") sent = "";
      } finally {
        panel.removeAttribute("aria-busy");
      }
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, PAUSE_MS);
    }

    // Typing in any box, the text editor included, and choosing a photo or tags.
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // The featured photo and the editor may change their hidden fields without an event.
    new MutationObserver((changes) => {
      if (changes.some((change) => !panel.contains(change.target))) later();
    }).observe(form.querySelector(".writing-layout") || form, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["value", "src"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
