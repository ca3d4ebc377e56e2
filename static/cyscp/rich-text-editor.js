// Starts the rich-text editor on every textarea the RichTextField widget marks
// (cyscp/richtext.py). It follows django-prose-editor's own "configurable"
// preset, with two differences:
// - injectCSS is off: the editor would otherwise add a <style> element, which
//   the site's CSP (style-src 'self') blocks. The same rules are in
//   rich-text-editor.css, served as a static file.
// - the editable area is named by the field's label and described by its help
//   text, so screen readers announce which field it is.
import * as editorModule from 'django-prose-editor/editor'

const ATTRIBUTE = 'data-django-prose-editor-cyscp'
const { Editor, crel, initializeEditors } = editorModule

function accessibleAttributes (textarea) {
  const attributes = { 'aria-multiline': 'true' }
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`)
  if (label) {
    label.id = label.id || `${textarea.id}_label`
    attributes['aria-labelledby'] = label.id
  }
  const describedBy = textarea.getAttribute('aria-describedby')
  if (describedBy) {
    attributes['aria-describedby'] = describedBy
  }
  return attributes
}

function createEditor (textarea) {
  if (textarea.closest('.prose-editor')) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || '{}')
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editorModule[name]
    if (extension) {
      extensions.push(typeof options === 'object' ? extension.configure(options) : extension)
    }
  }

  const disabled = textarea.hasAttribute('disabled')
  const wrapper = crel('div', { className: `prose-editor ${disabled ? 'disabled' : ''}` })
  textarea.before(wrapper)
  wrapper.append(textarea)

  const editor = new Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes: accessibleAttributes(textarea) },
    onUpdate ({ editor }) {
      const html = editor.getHTML()
      // An empty editor still holds one empty paragraph; store nothing instead.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? '' : html
      textarea.dispatchEvent(new Event('input', { bubbles: true }))
    },
    onDestroy () {
      wrapper.before(textarea)
      wrapper.remove()
    }
  })
  textarea.dispatchEvent(
    new CustomEvent('prose-editor:ready', { detail: { editor, textarea }, bubbles: true })
  )
  return editor
}

initializeEditors(createEditor, `[${ATTRIBUTE}]`)
