// GOV.UK Frontend styles its components for JavaScript only once these
// classes are set. A file rather than an inline script, so pages need no CSP
// nonce and can be kept whole in the page cache.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
