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

// The link dialog's chooser: typing words (not an address) into the URL field
// lists the site's pages and files whose titles match, and choosing one fills
// in its address. The list comes from a staff-only address beside the admin.
const ADDRESS = /^(\/|#|[a-z][a-z0-9+.-]*:)/i
const adminRoot = () => document.querySelector('#site-name a')?.href || '/admin/'

function attachChooser (input) {
  if (input.dataset.cyscpChooser) return
  input.dataset.cyscpChooser = 'on'
  const field = input.closest('.prose-editor-dialog-field') || input.parentElement
  const hint = crel('p', { className: 'help cyscp-link-hint', id: `${input.id}-chooser-hint` })
  hint.textContent = 'Paste an address, or type words from a title to choose a page or file on this site.'
  const status = crel('p', { className: 'cyscp-link-status', role: 'status' })
  const choices = crel('ul', { className: 'cyscp-link-choices' })
  field.after(hint, status, choices)
  input.setAttribute('aria-describedby', hint.id)

  let timer = null
  let asked = ''
  input.addEventListener('input', () => {
    clearTimeout(timer)
    const words = input.value.trim()
    if (words.length < 2 || ADDRESS.test(words)) {
      choices.replaceChildren()
      status.textContent = ''
      return
    }
    timer = setTimeout(async () => {
      asked = words
      const url = new URL('link-targets/', adminRoot())
      url.searchParams.set('q', words)
      let results = []
      try {
        const response = await fetch(url, { credentials: 'same-origin' })
        results = response.ok ? (await response.json()).results : []
      } catch (error) {
        results = []
      }
      if (asked !== words) return // a newer search is on its way
      status.textContent = results.length
        ? `${results.length} pages and files match “${words}”.`
        : `Nothing on this site has “${words}” in its title.`
      choices.replaceChildren(...results.map((result) => {
        const button = crel('button', { type: 'button', className: 'cyscp-link-choice' })
        button.textContent = `${result.title} (${result.kind})`
        button.addEventListener('click', () => {
          input.value = result.url
          choices.replaceChildren()
          status.textContent = `Links to ${result.title}.`
          input.focus()
        })
        return crel('li', {}, [button])
      }))
    }, 250)
  })
}

new MutationObserver(() => {
  document.querySelectorAll('dialog input[name="href"]').forEach(attachChooser)
}).observe(document.body, { childList: true, subtree: true })
