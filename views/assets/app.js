// Atelier's only script besides htmx and the DSFR. Kept out of the HTML for the CSP.

// Confirm before a destructive form is sent (works with or without htmx).
document.addEventListener(
  'submit',
  (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);

// htmx requests carry the CSRF token in a header too (forms also post it as _csrf).
document.addEventListener('htmx:config:request', (event) => {
  const field = document.querySelector('input[name="_csrf"]');
  if (field) event.detail.ctx.request.headers['X-CSRF-Token'] = field.value;
});

// Timesheet grid: Enter moves to the next cell like Tab; leaving a changed cell fires "change", which saves it.
document.addEventListener('keydown', (event) => {
  const input = event.target;
  if (event.key !== 'Enter' || !(input instanceof HTMLInputElement) || !input.hasAttribute('data-grid-cell')) return;
  event.preventDefault();
  const cells = [...document.querySelectorAll('input[data-grid-cell]')];
  const next = cells[cells.indexOf(input) + 1];
  if (next instanceof HTMLInputElement) {
    next.focus();
    next.select();
  }
});
