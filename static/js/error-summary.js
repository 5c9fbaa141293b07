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
