// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // After a failed submission, bring the error summary into view and focus for screen readers.
  const summary = document.getElementById('erreurs');
  if (summary) summary.focus();
});
