// Photos in the post body's editor (django-prose-editor, loaded through its import map).
// PhotoFigure is the editor's own Figure with a different way in: the photo button, a photo
// dropped on the text and a copied image pasted into it all open the "Add a photo" dialog,
// which uploads to the library or chooses from it, then inserts the figure where asked.
// PhotoCredit keeps the photographer's credit a separate element inside the caption, so that
// readers (and screen readers) meet the caption and "Photo: …" as two parts.
import {
  canInsertNode,
  Figure,
  Mark,
  mergeAttributes,
  Plugin,
} from "django-prose-editor/editor"
import { openPhotoDialog, photoFiles } from "./photo-dialog.js"

// The dialog's look comes from a static stylesheet (the site's CSP allows no inline styles).
const styles = new URL("./photo-dialog.css", import.meta.url).href
if (!document.querySelector(`link[href="${styles}"], link[href$="/photo-dialog.css"]`)) {
  const link = document.createElement("link")
  link.rel = "stylesheet"
  link.href = styles
  document.head.append(link)
}

export const PhotoCredit = Mark.create({
  name: "credit",
  inclusive: false,

  parseHTML() {
    return [{ tag: "small" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["small", mergeAttributes(HTMLAttributes), 0]
  },
})

/** Return the figure's content for a photo the server described. */
export function figureContent(photo) {
  const content = [
    {
      type: "image",
      attrs: {
        src: photo.body_url,
        alt: photo.alt_text,
        width: photo.body_width,
        height: photo.body_height,
        file: String(photo.id),
      },
    },
  ]
  const parts = []
  if (photo.caption) parts.push({ type: "text", text: photo.caption })
  if (photo.credit) {
    if (parts.length) parts.push({ type: "text", text: " " })
    parts.push({
      type: "text",
      text: `Photo: ${photo.credit}`,
      marks: [{ type: "credit" }],
    })
  }
  if (parts.length) content.push({ type: "caption", content: parts })
  return { type: "figure", content }
}

function insideFigure(state) {
  const { $from } = state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type.name === "figure") return true
  }
  return state.selection.node?.type.name === "image"
}

async function addPhoto(editor, options, { file = null, at = null } = {}) {
  const photo = await openPhotoDialog({
    uploadUrl: options.uploadUrl,
    chooserUrl: options.chooserUrl,
    maxMegabytes: options.maxMegabytes,
    file,
    library: !file,
    title: file ? "Describe this photo" : "Add a photo",
  })
  if (!photo) {
    editor.commands.focus()
    return
  }
  const chain = editor.chain().focus()
  if (at !== null) {
    chain.insertContentAt(Math.min(at, editor.state.doc.content.size), figureContent(photo))
  } else {
    chain.insertContent(figureContent(photo))
  }
  chain.run()
}

export const PhotoFigure = Figure.extend({
  addOptions() {
    return {
      ...this.parent?.(),
      uploadUrl: null,
      chooserUrl: null,
      maxMegabytes: null,
    }
  },

  addCommands() {
    const commands = this.parent?.() || {}
    const options = this.options
    const type = this.name
    return {
      ...commands,
      addPhoto:
        () =>
        ({ editor, state, dispatch }) => {
          // Inside a figure the button edits it, with the editor's own dialog.
          if (insideFigure(state)) return commands.editImage()({ editor, state, dispatch })
          if (!canInsertNode(state, state.schema.nodes[type])) return false
          if (dispatch) addPhoto(editor, options)
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    const button = buttons.material("add_photo_alternate", "Add a photo")
    menu.defineItem({
      name: "figure",
      groups: "nodes",
      button,
      command(editor) {
        editor.chain().addPhoto().run()
      },
      active(editor) {
        return editor.isActive("figure")
      },
      enabled(editor) {
        return editor.can().addPhoto()
      },
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const options = this.options
    return [
      ...(this.parent?.() || []),
      new Plugin({
        props: {
          handleDrop(view, event, _slice, moved) {
            const [file] = photoFiles(event.dataTransfer?.files)
            if (moved || !file) return false
            event.preventDefault()
            const place = view.posAtCoords({ left: event.clientX, top: event.clientY })
            addPhoto(editor, options, { file, at: place ? place.pos : null })
            return true
          },
          handlePaste(_view, event) {
            const clipboard = event.clipboardData
            const [file] = photoFiles(clipboard?.files)
            // Word and web pages put a picture of the copied text beside the text itself:
            // only a copy with no words in it is a photo to upload.
            if (!file || clipboard.getData("text/plain").trim()) return false
            event.preventDefault()
            addPhoto(editor, options, { file })
            return true
          },
        },
      }),
    ]
  },
})
