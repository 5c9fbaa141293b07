// Following a link in an error summary moves focus into the field it names, not just the view:
// a fragment link alone scrolls to the input but leaves keyboard focus behind.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".error-summary a[href^='#']");
  if (!link) {
    return;
  }
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
    history.replaceState(null, "", link.hash);
  }
});

// The summary asks for focus with autofocus, which browsers ignore on a page opened at a
// fragment (the comment form posts back to #comment-form), and scrolling to the fragment takes
// focus away again: once the page has loaded, give the summary its focus.
window.addEventListener("load", () => {
  const summary = document.querySelector(".error-summary[autofocus]");
  if (summary && (!document.activeElement || document.activeElement === document.body)) {
    summary.focus();
  }
});
