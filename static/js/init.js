// Starts the GOV.UK Frontend components (service navigation menu on small
// screens, notification banners, accordions, tabs...). Loaded as a module
// with the CSP nonce; `npm run build` copies GOV.UK Frontend's ES module
// build into static/build/.
import { initAll, isSupported } from '../build/govuk-frontend.min.js'

if (isSupported()) {
  initAll()
}

// "Print this page" buttons are hidden until this script can make them work,
// and carry no inline handler: CSP forbids them.
for (const button of document.querySelectorAll('.js-print-button')) {
  button.hidden = false
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element && event.target.closest('.js-print-button')
  if (button) {
    event.preventDefault()
    window.print()
  }
})

// On paper a link to this site must give the whole address, host included:
// the print stylesheet writes out data-print-url where this sets it, and the
// bare path where it cannot (no script).
for (const link of document.querySelectorAll('main a[href^="/"]')) {
  link.dataset.printUrl = link.href
}
