// Extensions for the body editor, named in BODY_EDITOR (posts/admin.py) and found through
// DJANGO_PROSE_EDITOR_EXTENSIONS (ceoblog/settings.py).
import { Extension } from "django-prose-editor/editor"

// Tiptap adds its layout rules to the page as a <style> element, which the site's Content
// Security Policy refuses. This turns that off before the editor is built; the same rules come
// from editor-base.css, a static file the policy allows.
export const StylesFromStaticFile = Extension.create({
  name: "stylesFromStaticFile",

  onBeforeCreate() {
    this.editor.setOptions({ injectCSS: false })
  },
})

// The editable area replaces the form's textarea, so a screen reader would announce it with no
// name. It takes the textarea's label ("Body") and its help text.
export const LabelledByField = Extension.create({
  name: "labelledByField",

  onBeforeCreate() {
    const textarea = this.editor.options.element?.querySelector("textarea")
    const label = textarea?.labels?.[0]
    if (!label) return
    if (!label.id) label.id = `${textarea.id}-label`
    const attributes = { "aria-labelledby": label.id, "aria-multiline": "true" }
    const help = textarea.getAttribute("aria-describedby")
    if (help) attributes["aria-describedby"] = help
    const props = this.editor.options.editorProps || {}
    this.editor.setOptions({
      editorProps: { ...props, attributes: { ...(props.attributes || {}), ...attributes } },
    })
  },
})
