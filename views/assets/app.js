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

// CPU sitting (views/committees/cpu.tsx): on a row's opinion, F favourable, D unfavourable (then
// the reason field), up and down arrows move to the row above or below; left and right stay native.
document.addEventListener('keydown', (event) => {
  const radio = event.target;
  const row = radio instanceof HTMLInputElement && radio.type === 'radio' ? radio.closest('tr[data-cpu-row]') : null;
  if (!row || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.toLowerCase();
  const pick = (value) => row.querySelector(`input[type="radio"][value="${value}"]`);
  if (key === 'f' || key === 'd') {
    event.preventDefault();
    const chosen = pick(key === 'f' ? 'favourable' : 'unfavourable');
    chosen.checked = true;
    chosen.focus();
    if (key === 'd') row.querySelector('input[name^="reason-"]')?.focus();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const target = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
    (target?.querySelector('input[type="radio"]:checked') ?? target?.querySelector('input[type="radio"]'))?.focus();
  }
});

// Timesheet grid, for keyboard and screen-reader users: a cell whose save is refused gets the
// focus back and its message is read out (the live region #grille-annonce of the grid page).
const announce = (text) => {
  const region = document.getElementById('grille-annonce');
  if (!region) return;
  // Emptied first, so that the same message twice in a row is read twice.
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
};

// Where the saved cell was, since its td is replaced by the answer.
let swappedCell = null;
document.addEventListener('htmx:before:swap', (event) => {
  const { sourceElement, target } = event.detail.ctx;
  swappedCell =
    sourceElement instanceof HTMLInputElement && sourceElement.hasAttribute('data-grid-cell') && target instanceof HTMLTableCellElement
      ? { row: target.parentElement, index: target.cellIndex, label: sourceElement.getAttribute('aria-label') ?? '' }
      : null;
});
document.addEventListener('htmx:after:swap', () => {
  const swapped = swappedCell;
  swappedCell = null;
  const cell = swapped?.row?.cells[swapped.index];
  const error = cell?.querySelector('.fr-error-text');
  if (!cell || !error) return;
  announce(`${swapped.label} : ${error.textContent.trim()}`);
  const input = cell.querySelector('input[data-grid-cell]');
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
});

// Session expired while filling the grid: the server answers 401 and fires "session-expired" with
// the login path back to this page. The page keeps what was typed: every cell not saved is marked,
// kept in sessionStorage and put back after logging in again; no more saves are sent until then.
const UNSAVED = 'atelier-time--unsaved';
// Keyed by the account too: someone else logging in on the same tab never gets them back.
const unsavedKey = () => `atelier:non-enregistrees:${document.body.dataset.viewer ?? ''}:${location.pathname}${location.search}`;
let loginAgain = null;

function markUnsaved(input) {
  input.title = 'non enregistrée';
  input.closest('td')?.classList.add(UNSAVED);
}

function keepUnsaved() {
  const values = {};
  for (const input of document.querySelectorAll('input[data-grid-cell]')) {
    if (input.value !== input.defaultValue) {
      markUnsaved(input);
      values[input.id] = input.value;
    }
  }
  if (Object.keys(values).length > 0) sessionStorage.setItem(unsavedKey(), JSON.stringify(values));
}

function showBanner(id, kind, text, link) {
  if (document.getElementById(id)) return;
  const main = document.getElementById('contenu');
  if (!main) return;
  const banner = document.createElement('div');
  banner.id = id;
  banner.className = `fr-alert fr-alert--${kind} fr-mb-3w`;
  banner.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.textContent = `${text} `;
  if (link) p.append(link);
  banner.append(p);
  main.prepend(banner);
}

document.addEventListener('session-expired', (event) => {
  loginAgain = event.detail?.login ?? '/connexion';
  if (event.target instanceof HTMLInputElement && event.target.hasAttribute('data-grid-cell')) markUnsaved(event.target);
  keepUnsaved();
  const link = document.createElement('a');
  link.href = loginAgain;
  link.textContent = 'Se reconnecter et revenir à cette page';
  showBanner('session-expiree', 'warning', 'Votre session a expiré : reconnectez-vous, les cases non enregistrées sont signalées.', link);
  announce('Votre session a expiré : reconnectez-vous, les cases non enregistrées sont signalées.');
});

// Once the session has expired, a save would be refused: keep the cell, marked, for later.
document.addEventListener('htmx:config:request', (event) => {
  const source = event.detail.ctx.sourceElement;
  if (!loginAgain || !(source instanceof HTMLInputElement) || !source.hasAttribute('data-grid-cell')) return;
  event.preventDefault();
  keepUnsaved();
});

// Back on the page after logging in again: the cells typed before are put back, marked, and saved
// only when the user asks (someone may have filled them since).
document.addEventListener('DOMContentLoaded', () => {
  const stored = sessionStorage.getItem(unsavedKey());
  if (!stored) return;
  sessionStorage.removeItem(unsavedKey());
  const restored = [];
  for (const [id, value] of Object.entries(JSON.parse(stored))) {
    const input = document.getElementById(id);
    if (input instanceof HTMLInputElement && input.hasAttribute('data-grid-cell')) {
      input.value = value;
      markUnsaved(input);
      restored.push(input);
    }
  }
  if (restored.length === 0) return;
  const save = document.createElement('button');
  save.type = 'button';
  save.className = 'fr-btn fr-btn--sm fr-mt-1w';
  save.textContent = 'Enregistrer les cases reprises';
  save.addEventListener('click', () => {
    for (const input of restored) input.dispatchEvent(new Event('change', { bubbles: true }));
    document.getElementById('cases-reprises')?.remove();
  });
  const text =
    restored.length === 1
      ? 'Une case saisie avant l’expiration de la session est reprise et signalée (non enregistrée) : vérifiez-la puis enregistrez-la.'
      : `${restored.length} cases saisies avant l’expiration de la session sont reprises et signalées (non enregistrées) : vérifiez-les puis enregistrez-les.`;
  showBanner('cases-reprises', 'info', text, save);
});
