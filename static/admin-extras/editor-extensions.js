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

// The editor's menu greys out a button it cannot use yet (insert link, with nothing selected)
// with a class alone, so a screen reader would offer it as ready and pressing it would do
// nothing. aria-disabled says what the class shows, whenever the editor changes the class.
export const MenuButtonStates = Extension.create({
  name: "menuButtonStates",

  onCreate() {
    const root = this.editor.options.element
    if (!root) return
    const sync = () => {
      for (const button of root.querySelectorAll(".prose-menubar__button")) {
        if (button.classList.contains("disabled")) button.setAttribute("aria-disabled", "true")
        else button.removeAttribute("aria-disabled")
      }
    }
    sync()
    new MutationObserver(sync).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["class"],
    })
  },
})
