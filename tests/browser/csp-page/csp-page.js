/* global document, window, fetch */
// The page's code, from a file (the strict CSP allows no inline script). It records every CSP
// violation the browser reports, and offers the SDK and two deliberate leaks to the test.
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
window.violations = violations;

/** A request page code might make to an origin the policy does not allow; resolves to how it ended. */
window.tryFetch = async (url, init) => {
  try {
    const response = await fetch(url, init);
    return `answered ${response.status}`;
  } catch (error) {
    return `blocked: ${error.name}`;
  }
};

window.sdk = await import('/sdk/hearth.js');
window.pageReady = true;
