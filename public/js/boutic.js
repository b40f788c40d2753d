// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // After a failed submission, bring the error summary into view and focus for screen readers.
  const summary = document.getElementById('erreurs');
  if (summary) summary.focus();

  // Sign-in sheet on a tablet: each tap saves without reloading the page. Without this script the
  // same buttons submit the form and the page comes back to the person's card.
  const counts = document.getElementById('compteurs');
  document.querySelectorAll('form[data-attendance-form]').forEach((form) => {
    form.addEventListener('submit', async (event) => {
      const button = event.submitter;
      if (!button || button.name !== 'attendance' || !window.fetch || !window.FormData) return;
      event.preventDefault();
      const card = form.closest('.person');
      const buttons = form.querySelectorAll('button[name="attendance"]');
      const body = new URLSearchParams(new FormData(form, button));
      button.setAttribute('aria-busy', 'true');
      try {
        const response = await fetch(form.action, { method: 'POST', body, headers: { accept: 'application/json' }, credentials: 'same-origin' });
        const answer = await response.json();
        if (!response.ok || !answer.ok) throw new Error(answer.message || String(response.status));
        buttons.forEach((b) => b.setAttribute('aria-pressed', b.value === answer.attendance ? 'true' : 'false'));
        if (card) {
          card.classList.remove('person-present', 'person-absent', 'person-excused');
          card.classList.add('person-' + answer.attendance);
          card.dataset.attendance = answer.attendance;
          const state = card.querySelector('.person-state strong');
          if (state) state.textContent = answer.state;
        }
        if (counts) counts.textContent = answer.counts;
      } catch (error) {
        // show the server's French message (or fall back to a normal submission when there is none)
        if (error && error.message && !/^\d+$/.test(error.message) && counts) {
          counts.textContent = error.message;
          counts.setAttribute('role', 'alert');
        } else {
          // network trouble: submit the ordinary way, carrying the tapped value
          const value = document.createElement('input');
          value.type = 'hidden';
          value.name = 'attendance';
          value.value = button.value;
          form.appendChild(value);
          HTMLFormElement.prototype.submit.call(form);
        }
      } finally {
        button.removeAttribute('aria-busy');
      }
    });
  });

  // A campaign being sent: its progress, read again every few seconds (without this script the page
  // shows the figures of when it was loaded, and reloading it shows the new ones).
  document.querySelectorAll('[data-progress-url]').forEach((section) => {
    const bar = section.querySelector('progress');
    const text = section.querySelector('[data-progress-text]');
    const tick = async () => {
      try {
        const res = await fetch(section.getAttribute('data-progress-url'), { headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const p = await res.json();
        if (bar) {
          bar.max = Math.max(p.total, 1);
          bar.value = p.sent + p.failed + p.skipped;
        }
        if (text) text.textContent = p.text;
        if (p.remaining > 0) setTimeout(tick, 4000);
      } catch {
        setTimeout(tick, 10000);
      }
    };
    setTimeout(tick, 4000);
  });
});
