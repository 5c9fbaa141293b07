// Documents in the post body's editor (issue 15), beside the photos (photos/editor-photos.js).
// The document button, or a PDF, Office, OpenDocument or CSV file dropped on the text, opens the
// "Add a document" dialog, which uploads to the library (the server checks what the file is) or
// chooses a document already there, then inserts its link where asked:
//   <p class="attachment"><a href="/media/documents/…"><img src="…" alt="" width height>
//   Budget 2026/27 (PDF, 2.3 MB, 12 pages)</a></p>
// The picture (a PDF's first page) is decoration: the link's words say what the file is.
// posts/sanitize.py keeps exactly this, and documents/usage.py records which posts link to what.
import { canInsertNode, Node, Plugin } from "django-prose-editor/editor"

for (const sheet of ["../photos/photo-dialog.css", "./documents.css"]) {
  const href = new URL(sheet, import.meta.url).href
  if (!document.querySelector(`link[href="${href}"]`)) {
    const link = document.createElement("link")
    link.rel = "stylesheet"
    link.href = href
    document.head.append(link)
  }
}

const DOCUMENT_NAME = /\.(pdf|docx?|xlsx?|pptx?|od[tsp]|csv)$/i
let dialogCount = 0

/** Return the files among those given that may be documents (the server decides for sure). */
export function documentFiles(fileList) {
  return Array.from(fileList || []).filter(
    (file) => !file.type.startsWith("image/") && DOCUMENT_NAME.test(file.name),
  )
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue
    if (name === "text") node.textContent = value
    else if (name === "className") node.className = value
    else node.setAttribute(name, value === true ? "" : value)
  }
  node.append(...children)
  return node
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  if (field) return field.value
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="))
  return cookie ? decodeURIComponent(cookie.split("=")[1]) : ""
}

async function answer(response) {
  const type = response.headers.get("Content-Type") || ""
  if (type.startsWith("application/json") && !response.redirected) {
    return { ok: response.ok, data: await response.json() }
  }
  let message = `The server could not take the document (error ${response.status}). Try again in a minute; what you typed here is kept.`
  if (response.status === 413) {
    message = "This file is too large for the server to receive. Make it smaller and try again."
  } else if (response.redirected || response.status === 401 || response.status === 403) {
    message = "You have been signed out. Sign in again in another tab, then press the button again: what you typed here is kept."
  }
  return { ok: false, data: { message } }
}

function titleFromName(name) {
  return name.replace(/\.[^.]*$/, "").replace(/[_-]+/g, " ").trim()
}

/** Open the dialog; resolve with the uploaded or chosen document's description, or null. */
export function openDocumentDialog(options) {
  const prefix = `document-dialog-${++dialogCount}`
  const maxBytes = (Number(options.maxMegabytes) || 0) * 1024 * 1024
  let file = null
  let uploading = false

  return new Promise((resolve) => {
    const heading = element("h2", { id: `${prefix}-title`, text: "Add a document" })
    const problem = element("div", { className: "photo-dialog__problem", role: "alert", tabindex: "-1", hidden: true })
    const status = element("p", { className: "photo-dialog__status", role: "status" })
    const fileInput = element("input", {
      id: `${prefix}-file`,
      name: "file",
      type: "file",
      accept: options.accept,
      "aria-describedby": `${prefix}-file-hint`,
    })
    const chosen = element("p", { className: "photo-dialog__chosen", hidden: true })
    const drop = element("div", { className: "photo-dialog__drop" }, [
      element("label", { for: fileInput.id, text: "Document from your computer" }),
      element("p", {
        id: `${prefix}-file-hint`,
        className: "photo-dialog__hint",
        text:
          "Choose a file or drop it here: PDF, Word, Excel, PowerPoint, OpenDocument or CSV" +
          (maxBytes ? `, of up to ${options.maxMegabytes} MB` : "") +
          ". Files with macros or scripts in them are refused.",
      }),
      fileInput,
      chosen,
    ])
    const titleInput = element("input", {
      id: `${prefix}-title-input`,
      name: "title",
      type: "text",
      maxlength: 200,
      required: true,
      "aria-describedby": `${prefix}-title-hint ${prefix}-title-error`,
    })
    const titleError = element("p", { id: `${prefix}-title-error`, className: "photo-dialog__field-error", hidden: true })
    const titleField = element("div", { className: "photo-dialog__field" }, [
      element("label", { for: titleInput.id, text: "Title (required)" }),
      element("p", {
        id: `${prefix}-title-hint`,
        className: "photo-dialog__hint",
        text: "The words of the link, such as “Budget 2026/27”. The type, size and number of pages are added after it.",
      }),
      titleError,
      titleInput,
    ])
    const upload = element("button", { type: "submit", className: "button default", text: "Upload and insert" })
    const cancel = element("button", { type: "button", className: "button", text: "Cancel" })
    const form = element("form", { method: "dialog", novalidate: true }, [
      element("section", { "aria-labelledby": `${prefix}-upload-title` }, [
        element("h3", { id: `${prefix}-upload-title`, text: "Upload a new document" }),
        drop,
        titleField,
        element("div", { className: "photo-dialog__buttons" }, [upload, cancel]),
      ]),
    ])
    const search = element("input", { id: `${prefix}-q`, type: "search", name: "q" })
    const searchButton = element("button", { type: "button", className: "button", text: "Search" })
    const results = element("ul", { className: "document-dialog__results" })
    const library = element("section", { "aria-labelledby": `${prefix}-library-title` }, [
      element("h3", { id: `${prefix}-library-title`, text: "Or choose one from the library" }),
      element("div", { className: "photo-dialog__search", role: "search" }, [
        element("label", { for: search.id, text: "Search the library" }),
        search,
        searchButton,
      ]),
      results,
    ])
    const close = element("button", { type: "button", className: "photo-dialog__close", "aria-label": "Close", text: "×" })
    const dialog = element("dialog", { className: "photo-dialog document-dialog", "aria-labelledby": heading.id }, [
      element("div", { className: "photo-dialog__header" }, [heading, close]),
      problem,
      status,
      form,
      library,
    ])
    document.body.append(dialog)

    let finished = false
    function finish(result) {
      if (finished) return
      finished = true
      if (dialog.open) dialog.close()
      dialog.remove()
      resolve(result)
    }

    function say(message) {
      problem.textContent = message
      problem.hidden = !message
      if (message) problem.focus()
    }

    function useFile(newFile) {
      file = newFile
      chosen.hidden = !file
      chosen.textContent = file ? `Chosen: ${file.name} (${megabytes(file.size)})` : ""
      if (file && !titleInput.value.trim()) titleInput.value = titleFromName(file.name)
      fileInput.removeAttribute("aria-invalid")
      say("")
      if (file && maxBytes && file.size > maxBytes) {
        fileInput.setAttribute("aria-invalid", "true")
        say(`This file is ${megabytes(file.size)}; the largest accepted is ${options.maxMegabytes} MB. Make it smaller and choose it again.`)
      }
    }

    fileInput.addEventListener("change", () => useFile(fileInput.files[0] || null))
    drop.addEventListener("dragover", (event) => {
      event.preventDefault()
      drop.classList.add("photo-dialog__drop--over")
    })
    drop.addEventListener("dragleave", () => drop.classList.remove("photo-dialog__drop--over"))
    drop.addEventListener("drop", (event) => {
      event.preventDefault()
      drop.classList.remove("photo-dialog__drop--over")
      const [dropped] = event.dataTransfer.files
      if (dropped) useFile(dropped)
    })

    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      if (uploading) return
      titleInput.removeAttribute("aria-invalid")
      titleError.hidden = true
      const missing = []
      if (!file) {
        fileInput.setAttribute("aria-invalid", "true")
        missing.push("Choose the document to upload.")
      }
      if (!titleInput.value.trim()) {
        titleInput.setAttribute("aria-invalid", "true")
        titleError.textContent = "Write the title: the words readers will see."
        titleError.hidden = false
        missing.push("Write the title: the words readers will see.")
      }
      if (missing.length) {
        say(missing.join(" "))
        return
      }
      if (maxBytes && file.size > maxBytes) {
        useFile(file)
        return
      }
      const data = new FormData()
      data.append("file", file, file.name)
      data.append("title", titleInput.value)
      uploading = true
      upload.disabled = true
      say("")
      status.textContent = `Uploading ${file.name} (${megabytes(file.size)})…`
      try {
        const response = await fetch(options.uploadUrl, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
          credentials: "same-origin",
        })
        const { ok, data: reply } = await answer(response)
        if (ok) {
          status.textContent = "Uploaded."
          finish(reply)
          return
        }
        if (reply.errors?.title) {
          titleInput.setAttribute("aria-invalid", "true")
          titleError.textContent = reply.errors.title.join(" ")
          titleError.hidden = false
        }
        if (reply.errors?.file) fileInput.setAttribute("aria-invalid", "true")
        status.textContent = ""
        say(reply.message || "The document was not added.")
      } catch {
        status.textContent = ""
        say("The document could not be sent: check the network connection and try again. What you typed here is kept.")
      } finally {
        uploading = false
        upload.disabled = false
      }
    })

    async function showLibrary() {
      const address = new URL(options.chooserUrl, window.location.href)
      if (search.value.trim()) address.searchParams.set("q", search.value.trim())
      let listing
      try {
        const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        const { ok, data } = await answer(response)
        if (!ok) throw new Error(data.message)
        listing = data
      } catch (error) {
        results.replaceChildren(element("li", { text: error.message || "The library could not be opened." }))
        return
      }
      if (!listing.documents.length) {
        results.replaceChildren(element("li", { text: listing.query ? `No documents match “${listing.query}”.` : "The library has no documents yet." }))
        return
      }
      results.replaceChildren(
        ...listing.documents.map((found) => {
          const use = element("button", { type: "button", className: "button", text: "Use this document", "aria-describedby": `${prefix}-document-${found.id}` })
          use.addEventListener("click", () => finish(found))
          return element("li", { className: "document-dialog__result" }, [
            element("p", { id: `${prefix}-document-${found.id}`, text: found.label }),
            use,
          ])
        }),
      )
    }
    searchButton.addEventListener("click", showLibrary)
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault()
        showLibrary()
      }
    })

    cancel.addEventListener("click", () => finish(null))
    close.addEventListener("click", () => finish(null))
    dialog.addEventListener("close", () => finish(null))
    dialog.addEventListener("cancel", (event) => {
      if (uploading) event.preventDefault()
    })

    dialog.showModal()
    if (options.file) {
      useFile(options.file)
      titleInput.focus()
      titleInput.select()
    } else {
      fileInput.focus()
    }
    showLibrary()
  })
}

/** The node for a document the server described. */
export function documentNode(described) {
  return {
    type: "documentLink",
    attrs: {
      href: described.url,
      label: described.label,
      thumbnail: described.thumbnail_url || null,
      thumbnailWidth: described.thumbnail_url ? Math.round(described.thumbnail_width / 2) : null,
      thumbnailHeight: described.thumbnail_url ? Math.round(described.thumbnail_height / 2) : null,
    },
  }
}

async function addDocument(editor, options, { file = null, at = null } = {}) {
  const described = await openDocumentDialog({ ...options, file })
  if (!described) {
    editor.commands.focus()
    return
  }
  const chain = editor.chain().focus()
  if (at !== null) {
    chain.insertContentAt(Math.min(at, editor.state.doc.content.size), documentNode(described))
  } else {
    chain.insertContent(documentNode(described))
  }
  chain.run()
}

export const DocumentLink = Node.create({
  name: "documentLink",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { uploadUrl: null, chooserUrl: null, maxMegabytes: null, accept: "" }
  },

  addAttributes() {
    return {
      href: { default: null },
      label: { default: "" },
      thumbnail: { default: null },
      thumbnailWidth: { default: null },
      thumbnailHeight: { default: null },
    }
  },

  parseHTML() {
    return [
      {
        tag: "p.attachment",
        // Before the ordinary paragraph, which would otherwise take it as text.
        priority: 60,
        getAttrs(node) {
          const link = node.querySelector("a[href]")
          if (!link) return false
          const image = link.querySelector("img")
          return {
            href: link.getAttribute("href"),
            label: link.textContent.trim(),
            thumbnail: image?.getAttribute("src") || null,
            thumbnailWidth: image?.getAttribute("width") || null,
            thumbnailHeight: image?.getAttribute("height") || null,
          }
        },
      },
    ]
  },

  renderHTML({ node }) {
    const { href, label, thumbnail, thumbnailWidth, thumbnailHeight } = node.attrs
    const link = ["a", { href }]
    if (thumbnail) {
      link.push(["img", { src: thumbnail, alt: "", width: thumbnailWidth, height: thumbnailHeight }])
    }
    link.push(label)
    return ["p", { class: "attachment" }, link]
  },

  addCommands() {
    const options = this.options
    const type = this.name
    return {
      addDocument:
        () =>
        ({ editor, state, dispatch }) => {
          if (!canInsertNode(state, state.schema.nodes[type])) return false
          if (dispatch) addDocument(editor, options)
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "documentLink",
      groups: "nodes",
      button: buttons.material("attach_file", "Add a document"),
      command(editor) {
        editor.chain().addDocument().run()
      },
      enabled(editor) {
        return editor.can().addDocument()
      },
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const options = this.options
    return [
      new Plugin({
        props: {
          // In the editor the link selects the document rather than leaving the page for it.
          handleDOMEvents: {
            click(_view, event) {
              if (event.target.closest?.("p.attachment a")) event.preventDefault()
              return false
            },
          },
          handleDrop(view, event, _slice, moved) {
            const [file] = documentFiles(event.dataTransfer?.files)
            if (moved || !file) return false
            event.preventDefault()
            const place = view.posAtCoords({ left: event.clientX, top: event.clientY })
            addDocument(editor, options, { file, at: place ? place.pos : null })
            return true
          },
        },
      }),
    ]
  },
})
