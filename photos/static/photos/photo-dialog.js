// The "Add a photo" dialog, shared by the post body's editor and the featured-photo box.
// It uploads a new photo to the library (asking for its alt text there and then) or lets the
// person choose one already there, and resolves with the photo's description from the server,
// or with null when the person cancels. Nothing typed is lost when the server refuses a photo:
// the dialog stays open with the message, and the fields keep what was typed.
"use strict";

const HEIC_NAME = /\.(heic|heif)$/i;
let dialogCount = 0;

/** Return the image files among those given (HEIC files often arrive without a type). */
export function photoFiles(fileList) {
  return Array.from(fileList || []).filter(
    (file) => file.type.startsWith("image/") || HEIC_NAME.test(file.name),
  );
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (field) return field.value;
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
}

// What to say when the answer is not the server's own JSON: a proxy's page, or sign-in.
function plainFailure(response) {
  if (response.status === 413) {
    return "This file is too large for the server to receive. Export a smaller copy and try again.";
  }
  if (response.redirected || response.status === 401 || response.status === 403) {
    return "You have been signed out. Sign in again in another tab, then press the button again: what you typed here is kept.";
  }
  return `The server could not take the photo (error ${response.status}). Try again in a minute; what you typed here is kept.`;
}

async function answer(response) {
  const type = response.headers.get("Content-Type") || "";
  if (!type.startsWith("application/json") || response.redirected) {
    return { ok: false, data: { message: plainFailure(response) } };
  }
  return { ok: response.ok, data: await response.json() };
}

function field(prefix, name, label, hint, { required = false, maxLength, multiline = false } = {}) {
  const id = `${prefix}-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const control = element(multiline ? "textarea" : "input", {
    id,
    name,
    maxlength: maxLength,
    required,
    rows: multiline ? 2 : null,
    type: multiline ? null : "text",
    "aria-describedby": `${hintId} ${errorId}`,
  });
  const wrapper = element("div", { className: "photo-dialog__field" }, [
    element("label", { for: id, text: label }),
    element("p", { id: hintId, className: "photo-dialog__hint", text: hint }),
    element("p", { id: errorId, className: "photo-dialog__field-error", hidden: true }),
    control,
  ]);
  return { wrapper, control, error: wrapper.querySelector(".photo-dialog__field-error") };
}

function thumbnail(photo) {
  return element("img", {
    src: photo.thumbnail_url,
    alt: "",
    width: photo.thumbnail_width,
    height: photo.thumbnail_height,
    loading: "lazy",
  });
}

/**
 * Open the dialog and resolve with the chosen or uploaded photo, or null.
 *
 * options: uploadUrl and chooserUrl (the admin's addresses), maxMegabytes, file (a File to
 * describe and upload at once, from a drop or a paste), library (false to hide the chooser),
 * title and insertText (the words of the dialog's heading and its main button).
 */
export function openPhotoDialog(options) {
  const prefix = `photo-dialog-${++dialogCount}`;
  const maxBytes = (Number(options.maxMegabytes) || 0) * 1024 * 1024;
  let file = null;
  let uploading = false;

  return new Promise((resolve) => {
    const heading = element("h2", { id: `${prefix}-title`, text: options.title || "Add a photo" });
    const problem = element("div", {
      className: "photo-dialog__problem",
      role: "alert",
      tabindex: "-1",
      hidden: true,
    });
    const status = element("p", { className: "photo-dialog__status", role: "status" });

    // --- Uploading a new photo ---------------------------------------------------------------
    const fileInput = element("input", {
      id: `${prefix}-file`,
      name: "image",
      type: "file",
      accept: "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif",
      "aria-describedby": `${prefix}-file-hint`,
    });
    const chosen = element("p", { className: "photo-dialog__chosen", hidden: true });
    const drop = element("div", { className: "photo-dialog__drop" }, [
      element("label", { for: fileInput.id, text: "Photo from your computer" }),
      element("p", {
        id: `${prefix}-file-hint`,
        className: "photo-dialog__hint",
        text:
          "Choose a file or drop it here. JPEG, PNG, WebP or iPhone (HEIC) photos" +
          (maxBytes ? ` of up to ${options.maxMegabytes} MB` : "") +
          "; big photos are made smaller and their location data is removed.",
      }),
      fileInput,
      chosen,
    ]);
    const alt = field(prefix, "alt_text", "Alt text (required)", "Say what the photo shows, for people who cannot see it: “The chief executive opening the new library in Ashford”.", { required: true, maxLength: 300, multiline: true });
    const caption = field(prefix, "caption", "Caption (optional)", "Shown under the photo.", { maxLength: 500 });
    const credit = field(prefix, "credit", "Credit (optional)", "Who took the photo: shown after the caption as “Photo: …”.", { maxLength: 200 });
    const upload = element("button", { type: "submit", className: "button default", text: options.insertText || "Upload and insert" });
    const cancel = element("button", { type: "button", className: "button", text: "Cancel" });
    const uploadSection = element("section", { className: "photo-dialog__upload", "aria-labelledby": `${prefix}-upload-title` }, [
      element("h3", { id: `${prefix}-upload-title`, text: "Upload a new photo" }),
      drop,
      alt.wrapper,
      caption.wrapper,
      credit.wrapper,
      element("div", { className: "photo-dialog__buttons" }, [upload, cancel]),
    ]);
    const form = element("form", { method: "dialog", novalidate: true }, [uploadSection]);

    // --- Choosing one from the library ---------------------------------------------------------
    const search = element("input", { id: `${prefix}-q`, type: "search", name: "q" });
    const searchButton = element("button", { type: "button", className: "button", text: "Search" });
    const results = element("ul", { className: "photo-dialog__results" });
    const pages = element("nav", { className: "photo-dialog__pages", "aria-label": "Pages of photos" });
    const librarySection = element("section", { className: "photo-dialog__library", "aria-labelledby": `${prefix}-library-title` }, [
      element("h3", { id: `${prefix}-library-title`, text: "Or choose one from the library" }),
      element("div", { className: "photo-dialog__search", role: "search" }, [
        element("label", { for: search.id, text: "Search the library" }),
        search,
        searchButton,
      ]),
      results,
      pages,
    ]);

    const close = element("button", { type: "button", className: "photo-dialog__close", "aria-label": "Close", text: "×" });
    const dialog = element("dialog", { className: "photo-dialog", "aria-labelledby": heading.id }, [
      element("div", { className: "photo-dialog__header" }, [heading, close]),
      problem,
      status,
      form,
    ]);
    if (options.library !== false) dialog.append(librarySection);
    document.body.append(dialog);

    let finished = false;
    function finish(photo) {
      if (finished) return;
      finished = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(photo);
    }

    function say(message) {
      problem.textContent = message;
      problem.hidden = !message;
      if (message) problem.focus();
    }

    function clearFieldErrors() {
      for (const { control, error } of [alt, caption, credit]) {
        control.removeAttribute("aria-invalid");
        error.hidden = true;
        error.textContent = "";
      }
      fileInput.removeAttribute("aria-invalid");
    }

    function fieldError(name, message) {
      const found = { alt_text: alt, caption, credit }[name];
      if (found) {
        found.control.setAttribute("aria-invalid", "true");
        found.error.textContent = message;
        found.error.hidden = false;
      } else if (name === "image") {
        fileInput.setAttribute("aria-invalid", "true");
      }
    }

    function useFile(newFile) {
      file = newFile;
      chosen.hidden = !file;
      chosen.textContent = file ? `Chosen: ${file.name} (${megabytes(file.size)})` : "";
      say("");
      if (file && maxBytes && file.size > maxBytes) {
        fileInput.setAttribute("aria-invalid", "true");
        say(`This file is ${megabytes(file.size)}; the largest accepted is ${options.maxMegabytes} MB. Export a smaller copy and choose it again.`);
      }
    }

    fileInput.addEventListener("change", () => useFile(fileInput.files[0] || null));
    drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      drop.classList.add("photo-dialog__drop--over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("photo-dialog__drop--over"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("photo-dialog__drop--over");
      const [dropped] = photoFiles(event.dataTransfer.files);
      if (dropped) useFile(dropped);
    });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (uploading) return;
      clearFieldErrors();
      const missing = [];
      if (!file) {
        fileInput.setAttribute("aria-invalid", "true");
        missing.push("Choose the photo to upload.");
      }
      if (!alt.control.value.trim()) {
        fieldError("alt_text", "Write the alt text: say what the photo shows.");
        missing.push("Write the alt text: say what the photo shows.");
      }
      if (missing.length) {
        say(missing.join(" "));
        return;
      }
      if (maxBytes && file.size > maxBytes) {
        useFile(file);
        return;
      }
      const data = new FormData();
      data.append("image", file, file.name);
      data.append("alt_text", alt.control.value);
      data.append("caption", caption.control.value);
      data.append("credit", credit.control.value);
      uploading = true;
      upload.disabled = true;
      say("");
      status.textContent = `Uploading ${file.name} (${megabytes(file.size)})…`;
      try {
        const response = await fetch(options.uploadUrl, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
          credentials: "same-origin",
        });
        const { ok, data: reply } = await answer(response);
        if (ok) {
          status.textContent = "Uploaded.";
          finish(reply);
          return;
        }
        for (const [name, messages] of Object.entries(reply.errors || {})) {
          fieldError(name, messages.join(" "));
        }
        status.textContent = "";
        say(reply.message || "The photo was not added.");
      } catch {
        status.textContent = "";
        say("The photo could not be sent: check the network connection and try again. What you typed here is kept.");
      } finally {
        uploading = false;
        upload.disabled = false;
      }
    });

    async function showLibraryPage(page = 1) {
      const address = new URL(options.chooserUrl, window.location.href);
      address.searchParams.set("page", page);
      if (search.value.trim()) address.searchParams.set("q", search.value.trim());
      results.setAttribute("aria-busy", "true");
      let listing;
      try {
        const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        const { ok, data } = await answer(response);
        if (!ok) throw new Error(data.message);
        listing = data;
      } catch (error) {
        results.replaceChildren(element("li", { text: error.message || "The library could not be opened. Try again in a minute." }));
        results.removeAttribute("aria-busy");
        return;
      }
      results.removeAttribute("aria-busy");
      if (!listing.photos.length) {
        results.replaceChildren(element("li", { text: listing.query ? `No photos match “${listing.query}”.` : "The library has no photos yet." }));
      } else {
        results.replaceChildren(
          ...listing.photos.map((photo) => {
            const use = element("button", { type: "button", className: "button", text: "Use this photo", "aria-describedby": `${prefix}-photo-${photo.id}` });
            use.addEventListener("click", () => finish(photo));
            return element("li", { className: "photo-dialog__result" }, [
              thumbnail(photo),
              element("div", { id: `${prefix}-photo-${photo.id}` }, [
                element("p", { className: "photo-dialog__photo-title", text: photo.title }),
                element("p", { text: `Alt text: ${photo.alt_text}` }),
                element("p", { text: photo.size }),
              ]),
              use,
            ]);
          }),
        );
      }
      pages.replaceChildren();
      if (listing.pages > 1) {
        if (listing.previous) {
          const newer = element("button", { type: "button", className: "button", text: "Newer photos" });
          newer.addEventListener("click", () => showLibraryPage(listing.previous));
          pages.append(newer);
        }
        pages.append(element("span", { text: `Page ${listing.page} of ${listing.pages}` }));
        if (listing.next) {
          const older = element("button", { type: "button", className: "button", text: "Older photos" });
          older.addEventListener("click", () => showLibraryPage(listing.next));
          pages.append(older);
        }
      }
    }

    searchButton.addEventListener("click", () => showLibraryPage(1));
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        showLibraryPage(1);
      }
    });

    cancel.addEventListener("click", () => finish(null));
    close.addEventListener("click", () => finish(null));
    dialog.addEventListener("close", () => finish(null));
    // Escape during an upload would leave the photo in the library but not in the post.
    dialog.addEventListener("cancel", (event) => {
      if (uploading) event.preventDefault();
    });

    dialog.showModal();
    if (options.file) {
      useFile(options.file);
      alt.control.focus();
    } else if (options.focus === "library" && options.library !== false) {
      search.focus();
    } else {
      fileInput.focus();
    }
    if (options.library !== false) showLibraryPage(1);
  });
}
