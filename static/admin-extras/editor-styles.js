// The body editor (Tiptap) adds its layout rules to the page as a <style> element, which the
// site's Content Security Policy refuses. This extension turns that off before the editor is
// built; the same rules come from editor-base.css, a static file the policy allows.
import { Extension } from "django-prose-editor/editor"

export const StylesFromStaticFile = Extension.create({
  name: "stylesFromStaticFile",

  onBeforeCreate() {
    this.editor.setOptions({ injectCSS: false })
  },
})
