// Embedded players in the post body's editor (issue 15). Pasting the address of a video on one
// of the site's embed hosts (CEOBLOG_EMBED_HOSTS), or the "Embed a video" button, asks for the
// player's title (screen readers announce a frame by it) and inserts
//   <iframe src="https://www.youtube-nocookie.com/embed/…" title="Video: …"></iframe>
// YouTube watch, short and youtu.be addresses become YouTube's no-cookie player; vimeo.com ones
// Vimeo's player. posts/sanitize.py keeps an iframe only from those hosts; the page's
// Content-Security-Policy (frame-src) allows the same list.
import { canInsertNode, Node, Plugin } from "django-prose-editor/editor"

const YOUTUBE_HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com"])
const YOUTUBE_ID = /^[\w-]{6,20}$/
let dialogCount = 0

/** Return the player's address for an address pasted or typed, or null if it cannot be embedded. */
export function embedAddress(text, hosts) {
  let url
  try {
    url = new URL(String(text).trim())
  } catch {
    return null
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null
  const host = url.hostname.toLowerCase()
  let youtube = null
  if (YOUTUBE_HOSTS.has(host)) {
    youtube =
      url.pathname === "/watch"
        ? url.searchParams.get("v")
        : url.pathname.match(/^\/(?:embed|shorts|live)\/([^/]+)/)?.[1]
  } else if (host === "youtu.be") {
    youtube = url.pathname.split("/")[1]
  } else if (host === "www.youtube-nocookie.com") {
    youtube = url.pathname.match(/^\/embed\/([^/]+)/)?.[1]
  }
  if (youtube !== null) {
    if (!youtube || !YOUTUBE_ID.test(youtube) || !hosts.includes("www.youtube-nocookie.com")) return null
    return `https://www.youtube-nocookie.com/embed/${youtube}`
  }
  if (host === "vimeo.com" || host === "www.vimeo.com") {
    const video = url.pathname.match(/^\/(\d+)(?:\/|$)/)?.[1]
    return video && hosts.includes("player.vimeo.com") ? `https://player.vimeo.com/video/${video}` : null
  }
  if (url.protocol === "https:" && hosts.includes(host) && !url.username && !url.password) return url.href
  return null
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

function field(id, label, hint, attributes) {
  const control = element("input", { id, type: "text", "aria-describedby": `${id}-hint ${id}-error`, ...attributes })
  const error = element("p", { id: `${id}-error`, className: "photo-dialog__field-error", hidden: true })
  const wrapper = element("div", { className: "photo-dialog__field" }, [
    element("label", { for: id, text: label }),
    element("p", { id: `${id}-hint`, className: "photo-dialog__hint", text: hint }),
    error,
    control,
  ])
  return { wrapper, control, error }
}

/** Ask for the player's address and title; resolve with {src, title} or null. */
export function openEmbedDialog({ address = "", hosts }) {
  const prefix = `embed-dialog-${++dialogCount}`
  return new Promise((resolve) => {
    const heading = element("h2", { id: `${prefix}-heading`, text: "Embed a video" })
    const problem = element("div", { className: "photo-dialog__problem", role: "alert", tabindex: "-1", hidden: true })
    const where = field(`${prefix}-address`, "Address of the video (required)", `From ${hosts.join(", ")}, or a YouTube or Vimeo address.`, { name: "address", required: true, value: address })
    const title = field(`${prefix}-title`, "Title (required)", "Say what the video is, for people using screen readers: “Video: the chief executive on next year's budget”.", { name: "title", required: true, maxlength: 200 })
    const insert = element("button", { type: "submit", className: "button default", text: "Embed" })
    const cancel = element("button", { type: "button", className: "button", text: "Cancel" })
    const form = element("form", { method: "dialog", novalidate: true }, [
      where.wrapper,
      title.wrapper,
      element("div", { className: "photo-dialog__buttons" }, [insert, cancel]),
    ])
    const dialog = element("dialog", { className: "photo-dialog embed-dialog", "aria-labelledby": heading.id }, [
      element("div", { className: "photo-dialog__header" }, [heading]),
      problem,
      form,
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
    function mark(found, message) {
      found.error.textContent = message
      found.error.hidden = !message
      if (message) found.control.setAttribute("aria-invalid", "true")
      else found.control.removeAttribute("aria-invalid")
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      const src = embedAddress(where.control.value, hosts)
      const words = title.control.value.trim()
      mark(where, src ? "" : `This address cannot be embedded: players are allowed only from ${hosts.join(", ")}. Put a link to the video instead.`)
      mark(title, words ? "" : "Write the title: say what the video is.")
      const messages = [where.error, title.error].filter((error) => !error.hidden).map((error) => error.textContent)
      if (messages.length) {
        problem.textContent = messages.join(" ")
        problem.hidden = false
        problem.focus()
        return
      }
      finish({ src, title: words })
    })
    cancel.addEventListener("click", () => finish(null))
    dialog.addEventListener("close", () => finish(null))
    dialog.showModal()
    ;(address ? title : where).control.focus()
  })
}

async function addEmbed(editor, options, address = "") {
  const hosts = String(options.hosts || "").split(",").filter(Boolean)
  const found = await openEmbedDialog({ address, hosts })
  if (!found) {
    editor.commands.focus()
    return
  }
  editor.chain().focus().insertContent({ type: "embed", attrs: found }).run()
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { hosts: "" }
  },

  addAttributes() {
    return { src: { default: null }, title: { default: "" } }
  },

  parseHTML() {
    return [
      {
        tag: "iframe[src]",
        getAttrs: (node) => ({ src: node.getAttribute("src"), title: node.getAttribute("title") || "" }),
      },
    ]
  },

  renderHTML({ node }) {
    return ["iframe", { src: node.attrs.src, title: node.attrs.title, width: "560", height: "315" }]
  },

  // In the editor the player is a box naming it, not the player itself: typing around it stays
  // easy, and nothing plays while writing.
  addNodeView() {
    return ({ node }) => {
      let host = ""
      try {
        host = new URL(node.attrs.src).hostname
      } catch {}
      const dom = element("div", { className: "embed-placeholder", contenteditable: "false" }, [
        element("strong", { text: node.attrs.title || "Embedded player without a title" }),
        element("span", { text: ` (embedded from ${host})` }),
      ])
      return { dom }
    }
  },

  addCommands() {
    const options = this.options
    const type = this.name
    return {
      addEmbed:
        () =>
        ({ editor, state, dispatch }) => {
          if (!canInsertNode(state, state.schema.nodes[type])) return false
          if (dispatch) addEmbed(editor, options)
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      button: buttons.material("smart_display", "Embed a video"),
      command(editor) {
        editor.chain().addEmbed().run()
      },
      enabled(editor) {
        return editor.can().addEmbed()
      },
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const options = this.options
    return [
      new Plugin({
        props: {
          handlePaste(_view, event) {
            const text = event.clipboardData?.getData("text/plain")?.trim() || ""
            if (!text || /\s/.test(text)) return false
            const hosts = String(options.hosts || "").split(",").filter(Boolean)
            if (!embedAddress(text, hosts)) return false
            event.preventDefault()
            addEmbed(editor, options, text)
            return true
          },
        },
      }),
    ]
  },
})
