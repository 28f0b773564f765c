/* Accessibility fixes to markup that Material's own script builds, loaded by overrides/main.html after it.
 * Checked by tests/browser/test_accessibility.py (axe-core).
 *
 * Material wraps each code block's "Copy to clipboard" button in an unnamed <nav>: a page with two code blocks
 * (a credential page's embed snippets) then has two navigation landmarks nobody can tell apart (axe's
 * landmark-unique), and screen readers list one "navigation" per code block. A copy button is not navigation,
 * so the wrapper loses the landmark role (role="none" is allowed on <nav>). Material adds these wrappers after
 * load and on instant navigation, so a MutationObserver keeps up with it.
 */
(function () {
  'use strict';
  function fix() {
    document.querySelectorAll('nav.md-code__nav:not([role])').forEach(function (nav) {
      nav.setAttribute('role', 'none');
    });
  }
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  fix();
})();
