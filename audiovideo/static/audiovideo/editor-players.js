// Video and audio players in the post body's editor (django-prose-editor, loaded through its
// import map; named in DJANGO_PROSE_EDITOR_EXTENSIONS). A player is one block the editor does
// not edit inside: <figure> holding the <video> (with its captions <track>) or <audio>, the
// transcript in a <details> and the title in a <figcaption>, exactly what audiovideo/players.py
// writes and posts/sanitize.py keeps. The toolbar button and a video or audio file dropped on
// the text open the "Add a video or audio" dialog, which uploads to the library with the
// captions and transcript, then inserts the player. The dialog borrows the photo dialog's look
// (photos/photo-dialog.css, which the photo extension loads on the same page).
import { canInsertNode, Node, Plugin } from "django-prose-editor/editor"

for (const name of ["../photos/photo-dialog.css", "./players.css"]) {
  const href = new URL(name, import.meta.url).href
  const file = name.split("/").pop()
  if (!document.querySelector(`link[href="${href}"], link[href$="/${file}"]`)) {
    const link = document.createElement("link")
    link.rel = "stylesheet"
    link.href = href
    document.head.append(link)
  }
}

let dialogCount = 0

/** Return the video and audio files among those given. */
export function mediaFiles(fileList) {
  return Array.from(fileList || []).filter(
    (file) => file.type.startsWith("video/") || file.type.startsWith("audio/"),
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

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  if (field) return field.value
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="))
  return cookie ? decodeURIComponent(cookie.split("=")[1]) : ""
}

function field(prefix, name, label, hint, control) {
  const id = `${prefix}-${name}`
  control.id = id
  control.name = name
  control.setAttribute("aria-describedby", `${id}-hint`)
  return element("div", { className: "photo-dialog__field" }, [
    element("label", { for: id, text: label }),
    element("p", { id: `${id}-hint`, className: "photo-dialog__hint", text: hint }),
    control,
  ])
}

/** Open the dialog; resolve with the uploaded recording's description, or null. */
export function openPlayerDialog({ uploadUrl, maxMegabytes, file = null }) {
  const prefix = `player-dialog-${++dialogCount}`
  const maxBytes = (Number(maxMegabytes) || 0) * 1024 * 1024
  return new Promise((resolve) => {
    const heading = element("h2", { id: `${prefix}-heading`, text: "Add a video or audio" })
    const problem = element("div", {
      className: "photo-dialog__problem",
      role: "alert",
      tabindex: "-1",
      hidden: true,
    })
    const status = element("p", { className: "photo-dialog__status", role: "status" })
    const fileInput = element("input", {
      type: "file",
      accept: "video/mp4,video/webm,audio/mpeg,audio/mp4,audio/aac,audio/ogg,audio/wav,.m4a,.opus",
    })
    const title = element("input", { type: "text", maxlength: "200" })
    const captions = element("input", { type: "file", accept: ".vtt,text/vtt" })
    const transcript = element("textarea", { rows: "4" })
    const upload = element("button", { type: "submit", className: "button default", text: "Upload and insert" })
    const cancel = element("button", { type: "button", className: "button", text: "Cancel" })
    const chosen = element("p", { className: "photo-dialog__chosen", hidden: true })
    const form = element("form", { method: "dialog", novalidate: true }, [
      problem,
      field(prefix, "file", "Video or audio file", `An MP4 or WebM video, or an MP3, M4A, Ogg or WAV recording, up to ${maxMegabytes} MB.`, fileInput),
      chosen,
      field(prefix, "title", "Title", "Shown under the player. Leave empty to use the file's name.", title),
      field(prefix, "captions", "Captions (WebVTT, for a video)", "A .vtt file of what is said and heard. A post with a video cannot be published without them.", captions),
      field(prefix, "transcript", "Transcript", "Everything said, written out; readers can open it under the player. Needed for audio.", transcript),
      status,
      element("div", { className: "photo-dialog__buttons" }, [upload, cancel]),
    ])
    const dialog = element("dialog", { className: "photo-dialog player-dialog", "aria-labelledby": heading.id }, [
      element("div", { className: "photo-dialog__header" }, [heading]),
      form,
    ])
    document.body.append(dialog)
    let dropped = file
    if (dropped) {
      chosen.textContent = `Chosen: ${dropped.name}`
      chosen.hidden = false
    }

    function finish(result) {
      if (dialog.open) dialog.close()
      dialog.remove()
      resolve(result)
    }

    function say(message) {
      problem.textContent = message
      problem.hidden = false
      problem.focus()
    }

    fileInput.addEventListener("change", () => {
      dropped = null
      chosen.hidden = true
    })
    cancel.addEventListener("click", () => finish(null))
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault()
      finish(null)
    })
    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      const media = fileInput.files[0] || dropped
      if (!media) {
        say("Choose a video or audio file first.")
        return
      }
      if (maxBytes && media.size > maxBytes) {
        say(`This file is ${(media.size / 1024 / 1024).toFixed(0)} MB; videos and recordings can be up to ${maxMegabytes} MB. Make a smaller copy (for example 720p) and upload that.`)
        return
      }
      const data = new FormData()
      data.append("file", media)
      data.append("title", title.value)
      data.append("transcript", transcript.value)
      if (captions.files[0]) data.append("captions", captions.files[0])
      upload.disabled = true
      status.textContent = "Uploading…"
      try {
        const response = await fetch(uploadUrl, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
          credentials: "same-origin",
        })
        const type = response.headers.get("Content-Type") || ""
        if (!type.startsWith("application/json") || response.redirected) {
          say(response.status === 413
            ? "This file is too large for the server to receive. Make a smaller copy and try again."
            : `The server could not take the file (error ${response.status}). Try again in a minute; what you typed here is kept.`)
          return
        }
        const answer = await response.json()
        if (!response.ok) {
          say(answer.message)
          return
        }
        finish(answer)
      } catch {
        say("The file could not be sent: check the connection and try again; what you typed here is kept.")
      } finally {
        upload.disabled = false
        status.textContent = ""
      }
    })
    dialog.showModal()
    ;(dropped ? title : fileInput).focus()
  })
}

/** The node's attributes for a recording the server described. */
export function playerAttributes(recording) {
  return {
    kind: recording.kind,
    src: recording.src,
    poster: recording.poster || null,
    width: recording.width || null,
    height: recording.height || null,
    captions: recording.captions || null,
    transcript: recording.transcript || "",
    caption: recording.caption || recording.title,
  }
}

function transcriptParagraphs(html) {
  // The server's transcript HTML (escaped paragraphs and line breaks) as DOM output specs,
  // read in an inert document: nothing in it loads or runs.
  const holder = new DOMParser().parseFromString(html, "text/html").body
  return Array.from(holder.querySelectorAll("p")).map((paragraph) => {
    const parts = []
    paragraph.childNodes.forEach((child) => {
      if (child.nodeName === "BR") parts.push(["br"])
      else parts.push(child.textContent)
    })
    return ["p", {}, ...parts]
  })
}

function transcriptHtml(details) {
  if (!details) return ""
  return Array.from(details.querySelectorAll("p"))
    .map((paragraph) => {
      const lines = []
      let line = ""
      paragraph.childNodes.forEach((child) => {
        if (child.nodeName === "BR") {
          lines.push(line)
          line = ""
        } else line += child.textContent
      })
      lines.push(line)
      const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      return `<p>${lines.map(escape).join("<br>")}</p>`
    })
    .join("")
}

export const MediaPlayer = Node.create({
  name: "mediaPlayer",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { uploadUrl: null, maxMegabytes: null }
  },

  addAttributes() {
    return {
      kind: { default: "video" },
      src: { default: null },
      poster: { default: null },
      width: { default: null },
      height: { default: null },
      captions: { default: null },
      transcript: { default: "" },
      caption: { default: "" },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure",
        // Before the photo figure: a figure holding a player is this node.
        priority: 100,
        getAttrs(dom) {
          const player = dom.querySelector(":scope > video, :scope > audio")
          if (!player) return false
          const track = player.querySelector("track")
          return {
            kind: player.tagName.toLowerCase(),
            src: player.getAttribute("src"),
            poster: player.getAttribute("poster"),
            width: player.getAttribute("width"),
            height: player.getAttribute("height"),
            captions: track ? track.getAttribute("src") : null,
            transcript: transcriptHtml(dom.querySelector(":scope > details")),
            caption: dom.querySelector(":scope > figcaption")?.textContent || "",
          }
        },
      },
    ]
  },

  renderHTML({ node }) {
    const a = node.attrs
    let player
    if (a.kind === "audio") {
      player = ["audio", { controls: "", preload: "metadata", src: a.src }]
    } else {
      const attributes = { controls: "", preload: "metadata", src: a.src }
      if (a.poster) attributes.poster = a.poster
      if (a.width && a.height) {
        attributes.width = a.width
        attributes.height = a.height
      }
      player = ["video", attributes]
      if (a.captions) {
        player.push(["track", { kind: "captions", srclang: "en", label: "English", default: "", src: a.captions }])
      }
    }
    const figure = ["figure", {}, player]
    if (a.transcript) {
      figure.push(["details", {}, ["summary", {}, "Transcript"], ...transcriptParagraphs(a.transcript)])
    }
    figure.push(["figcaption", {}, a.caption || ""])
    return figure
  },

  addCommands() {
    const options = this.options
    const type = this.name
    return {
      addPlayer:
        () =>
        ({ editor, state, dispatch }) => {
          if (!canInsertNode(state, state.schema.nodes[type])) return false
          if (dispatch) addPlayer(editor, options)
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "mediaPlayer",
      groups: "nodes",
      button: buttons.material("video_library", "Add a video or audio"),
      command(editor) {
        editor.chain().addPlayer().run()
      },
      enabled(editor) {
        return editor.can().addPlayer()
      },
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const options = this.options
    return [
      new Plugin({
        props: {
          handleDrop(view, event, _slice, moved) {
            const [file] = mediaFiles(event.dataTransfer?.files)
            if (moved || !file) return false
            event.preventDefault()
            const place = view.posAtCoords({ left: event.clientX, top: event.clientY })
            addPlayer(editor, options, { file, at: place ? place.pos : null })
            return true
          },
        },
      }),
    ]
  },
})

async function addPlayer(editor, options, { file = null, at = null } = {}) {
  const recording = await openPlayerDialog({
    uploadUrl: options.uploadUrl,
    maxMegabytes: options.maxMegabytes,
    file,
  })
  if (!recording) {
    editor.commands.focus()
    return
  }
  const content = { type: "mediaPlayer", attrs: playerAttributes(recording) }
  const chain = editor.chain().focus()
  if (at !== null) chain.insertContentAt(Math.min(at, editor.state.doc.content.size), content)
  else chain.insertContent(content)
  chain.run()
}
