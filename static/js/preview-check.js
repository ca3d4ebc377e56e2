// Staff previews only (templates/includes/preview_check.html): axe-core looks
// at the page as the public will see it, leaving out the staff banners, and
// what it finds is listed in the banner in plain words.
const panel = document.querySelector('[data-preview-check]')
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

async function check () {
  const status = panel.querySelector('[role="status"]')
  const list = panel.querySelector('ul')
  if (!window.axe) {
    status.textContent = 'The accessibility check could not run.'
    return
  }
  const results = await window.axe.run(
    { include: [['main']], exclude: [['.app-draft-banner']] },
    { runOnly: { type: 'tag', values: WCAG } }
  )
  const problems = results.violations
  if (!problems.length) {
    status.textContent = 'No accessibility problems found on this page.'
    return
  }
  status.textContent = `${problems.length} accessibility ${problems.length === 1 ? 'problem' : 'problems'} to fix before publishing:`
  list.replaceChildren(...problems.map((problem) => {
    const item = document.createElement('li')
    const places = problem.nodes.length
    item.textContent = `${problem.help} (${places} ${places === 1 ? 'place' : 'places'})`
    return item
  }))
  list.hidden = false
}

if (panel) check()
